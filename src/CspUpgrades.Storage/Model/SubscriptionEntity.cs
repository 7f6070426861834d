using Azure.Data.Tables;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Storage.Model;

/// <summary>Maps a <see cref="Subscription"/> to its row <c>sub|{id}</c> and back. Money is minor units + currency.</summary>
internal static class SubscriptionEntity
{
    /// <summary>
    /// When the state in the row was true, by the clock of whoever wrote it (a webhook's occurredAt, an upgrade's commit
    /// time): events older than it are stale. Every write that carries state forward must keep or advance it, or a late
    /// event from before that write would undo it.
    /// </summary>
    public const string SourceUpdatedAtProperty = "SourceUpdatedAt";

    public static TableEntity ToEntity(string partitionKey, Subscription subscription, DateTimeOffset? sourceUpdatedAt = null)
    {
        var entity = new TableEntity(partitionKey, TableLayout.SubscriptionRow(subscription.Id))
        {
            ["OfferId"] = subscription.OfferId.Value,
            ["Status"] = StoredEnum.Write(subscription.Status),
            ["Quantity"] = subscription.Quantity,
            ["Channel"] = StoredEnum.Write(subscription.Channel.Kind),
            ["BillingCycle"] = StoredEnum.Write(subscription.BillingCycle),
            ["TermStart"] = StoredDate.Write(subscription.TermStart),
            ["TermEnd"] = StoredDate.Write(subscription.TermEnd),
            ["UnitPriceMinor"] = subscription.UnitPrice.MinorUnits,
            ["Currency"] = subscription.UnitPrice.Currency.Code,
            ["AddOns"] = string.Join(',', subscription.AddOnIds.Select(id => id.Value)),
            ["Version"] = subscription.Version,
        };
        if (subscription.Channel.PartnerName is { } partnerName)
        {
            entity["ChannelPartnerName"] = partnerName;
        }

        if (subscription.Channel.PartnerId is { } partnerId)
        {
            entity["ChannelPartnerId"] = partnerId.Value;
        }

        if (sourceUpdatedAt is { } updatedAt)
        {
            entity[SourceUpdatedAtProperty] = updatedAt;
        }

        StorageJson.WriteChunked(entity, "Users", subscription.AssignedUsers);
        return entity;
    }

    public static DateTimeOffset? SourceUpdatedAt(TableEntity entity) => entity.GetDateTimeOffset(SourceUpdatedAtProperty);

    /// <summary>The later of the time already stored and the time of a new write.</summary>
    public static DateTimeOffset Later(DateTimeOffset? stored, DateTimeOffset written) =>
        stored is { } time && time > written ? time : written;

    public static Subscription FromEntity(TableEntity entity)
    {
        var partnerId = entity.GetString("ChannelPartnerId");
        return new Subscription
        {
            Id = new SubscriptionId(entity.RowKey![TableLayout.SubscriptionPrefix.Length..]),
            OfferId = new OfferId(StoredValue.Required(entity.GetString("OfferId"), entity, "OfferId")),
            Status = StoredEnum.Read<SubscriptionStatus>(entity, "Status"),
            Quantity = entity.GetInt32("Quantity") ?? 0,
            Channel = new SalesChannel(
                StoredEnum.Read<ChannelKind>(entity, "Channel"),
                entity.GetString("ChannelPartnerName"),
                partnerId is null ? null : new PartnerId(partnerId)),
            BillingCycle = StoredEnum.Read<BillingCycle>(entity, "BillingCycle"),
            TermStart = StoredDate.Read(entity, "TermStart"),
            TermEnd = StoredDate.Read(entity, "TermEnd"),
            UnitPrice = new Money(entity.GetInt64("UnitPriceMinor") ?? 0, new CurrencyCode(StoredValue.Required(entity.GetString("Currency"), entity, "Currency"))),
            AddOnIds = (entity.GetString("AddOns") ?? string.Empty)
                .Split(',', StringSplitOptions.RemoveEmptyEntries).Select(id => new OfferId(id)).ToList(),
            AssignedUsers = StorageJson.ReadChunked<List<AssignedUser>>(entity, "Users") ?? [],
            Version = entity.GetInt64("Version") ?? 0,
        };
    }
}
