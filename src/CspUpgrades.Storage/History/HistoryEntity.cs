using Azure.Data.Tables;
using CspUpgrades.Domain.Billing;
using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Planning;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Storage.Model;
using CspUpgrades.Storage.Operations;

namespace CspUpgrades.Storage.History;

/// <summary>
/// Maps a <see cref="SubscriptionHistoryEntry"/> to its row <c>hist|{subscriptionId}|{inverted ticks}|{operationId}</c> in the
/// customer's partition. The row is a full copy of what the history shows, so a page is read without touching the
/// operation or billing rows; the commits that change the operation rewrite it in the same transaction.
/// </summary>
internal static class HistoryEntity
{
    /// <summary>The row of <paramref name="entry"/> in <paramref name="subscription"/>'s history.</summary>
    public static TableEntity ToEntity(string partitionKey, SubscriptionId subscription, SubscriptionHistoryEntry entry)
    {
        var entity = new TableEntity(partitionKey, TableLayout.HistoryRow(subscription, entry.CreatedAt, entry.OperationId))
        {
            ["OperationId"] = entry.OperationId.Value,
            ["Kind"] = StoredEnum.Write(entry.Kind),
            ["Status"] = StoredEnum.Write(entry.Status),
            ["CreatedAt"] = entry.CreatedAt,
            ["CompletedAt"] = entry.CompletedAt,
            ["SourceSubscriptionId"] = entry.SourceSubscriptionId?.Value,
            ["TargetSubscriptionId"] = entry.TargetSubscriptionId?.Value,
            ["TargetOfferId"] = entry.TargetOfferId?.Value,
            ["UpgradeType"] = entry.UpgradeType is { } type ? StoredEnum.Write(type) : null,
            ["Quantity"] = entry.Quantity,
        };
        WriteList(entity, "BillingLines", entry.BillingLines);
        WriteList(entity, "UpgradeErrors", entry.UpgradeErrors);
        WriteList(entity, "LicenseErrors", entry.LicenseErrors);

        // A null property is not sent at all (Table Storage has no nulls): drop them so the row holds only what is known.
        foreach (var name in entity.Keys.Where(name => entity[name] is null).ToList())
        {
            entity.Remove(name);
        }

        return entity;
    }

    public static SubscriptionHistoryEntry FromEntity(TableEntity entity) => new()
    {
        OperationId = new OperationId(StoredValue.Required(entity.GetString("OperationId"), entity, "OperationId")),
        Kind = StoredEnum.Read<HistoryEntryKind>(entity, "Kind"),
        Status = StoredEnum.Read<OperationStatus>(entity, "Status"),
        CreatedAt = entity.GetDateTimeOffset("CreatedAt") ?? throw new InvalidDataException($"Row {entity.PartitionKey}/{entity.RowKey} has no CreatedAt."),
        CompletedAt = entity.GetDateTimeOffset("CompletedAt"),
        SourceSubscriptionId = entity.GetString("SourceSubscriptionId") is { } source ? new SubscriptionId(source) : null,
        TargetSubscriptionId = entity.GetString("TargetSubscriptionId") is { } target ? new SubscriptionId(target) : null,
        TargetOfferId = entity.GetString("TargetOfferId") is { } offer ? new OfferId(offer) : null,
        UpgradeType = entity.GetString("UpgradeType") is not null ? StoredEnum.Read<UpgradeType>(entity, "UpgradeType") : null,
        Quantity = entity.GetInt32("Quantity"),
        BillingLines = StorageJson.ReadChunked<List<BillingLine>>(entity, "BillingLines") ?? [],
        UpgradeErrors = StorageJson.ReadChunked<List<UpgradeError>>(entity, "UpgradeErrors") ?? [],
        LicenseErrors = StorageJson.ReadChunked<List<LicenseError>>(entity, "LicenseErrors") ?? [],
    };

    private static void WriteList<T>(TableEntity entity, string name, IReadOnlyList<T> items)
    {
        if (items.Count > 0)
        {
            StorageJson.WriteChunked(entity, name, items);
        }
    }
}
