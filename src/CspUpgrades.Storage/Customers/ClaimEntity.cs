using Azure.Data.Tables;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Storage.Model;

namespace CspUpgrades.Storage.Customers;

internal static class ClaimEntity
{
    public static TableEntity ToEntity(string partitionKey, SubscriptionId subscription, OperationId operation, DateTimeOffset claimedAt) =>
        new(partitionKey, TableLayout.ClaimRow(subscription))
        {
            ["OperationId"] = operation.Value,
            ["ClaimedAt"] = claimedAt,
        };

    public static SubscriptionClaim FromEntity(TableEntity entity)
    {
        var rowKey = entity.RowKey!;
        var id = rowKey[TableLayout.SubscriptionPrefix.Length..^TableLayout.ClaimSuffix.Length];
        return new SubscriptionClaim(
            new SubscriptionId(id),
            new OperationId(StoredValue.Required(entity.GetString("OperationId"), entity, "OperationId")),
            entity.GetDateTimeOffset("ClaimedAt") ?? DateTimeOffset.MinValue,
            entity.ETag);
    }
}
