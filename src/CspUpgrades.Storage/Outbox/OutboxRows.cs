using CspUpgrades.Domain.Primitives;
using CspUpgrades.Storage.Model;

namespace CspUpgrades.Storage.Outbox;

/// <summary>Where a commit put its events: the outbox rows <see cref="OutboxEntity.Add"/> wrote, as pending events to drain.</summary>
public static class OutboxRows
{
    public static IReadOnlyList<PendingEvent> Of(PartnerId partner, CustomerId customer, IReadOnlyList<PartnerEvent> written) =>
        In(TableLayout.CustomerPartition(partner, customer), written);

    /// <summary>The outbox rows an audit run wrote with the partner's report.</summary>
    public static IReadOnlyList<PendingEvent> OfAudit(PartnerId partner, IReadOnlyList<PartnerEvent> written) =>
        In(TableLayout.AuditPartition(partner), written);

    private static List<PendingEvent> In(string partition, IReadOnlyList<PartnerEvent> written)
    {
        ArgumentNullException.ThrowIfNull(written);
        return written.Select((partnerEvent, index) =>
            new PendingEvent(partnerEvent, partition, TableLayout.PublishRow(partnerEvent.Time, index, partnerEvent.Id))).ToList();
    }
}
