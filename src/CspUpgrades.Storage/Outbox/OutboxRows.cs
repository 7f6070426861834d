using CspUpgrades.Domain.Primitives;
using CspUpgrades.Storage.Model;

namespace CspUpgrades.Storage.Outbox;

/// <summary>Where a commit put its events: the outbox rows <see cref="OutboxEntity.Add"/> wrote, as pending events to drain.</summary>
public static class OutboxRows
{
    public static IReadOnlyList<PendingEvent> Of(PartnerId partner, CustomerId customer, IReadOnlyList<PartnerEvent> written)
    {
        ArgumentNullException.ThrowIfNull(written);
        var partition = TableLayout.CustomerPartition(partner, customer);
        return written.Select((partnerEvent, index) =>
            new PendingEvent(partnerEvent, partition, TableLayout.PublishRow(partnerEvent.Time, index, partnerEvent.Id))).ToList();
    }
}
