using Azure.Data.Tables;
using CspUpgrades.Domain.Billing;
using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Planning;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Storage.Model;

namespace CspUpgrades.Storage.Operations;

/// <summary>Maps an <see cref="UpgradeOperation"/> to its row <c>op|{id}</c> in the customer's partition.</summary>
internal static class OperationEntity
{
    public static TableEntity ToEntity(UpgradeOperation operation)
    {
        var entity = new TableEntity(
            TableLayout.CustomerPartition(operation.PartnerId, operation.CustomerId),
            TableLayout.OperationRow(operation.Id))
        {
            ["Kind"] = "upgrade",
            ["Status"] = StoredEnum.Write(operation.Status),
            ["SourceSubscriptionId"] = operation.Request.SourceSubscriptionId.Value,
            ["TargetOfferId"] = operation.Request.TargetOfferId.Value,
            ["UpgradeType"] = StoredEnum.Write(operation.Request.UpgradeType),
            ["TargetUnitPriceMinor"] = operation.TargetUnitPrice.MinorUnits,
            ["Currency"] = operation.TargetUnitPrice.Currency.Code,
            ["RequestHash"] = operation.RequestHash,
            ["CreatedAt"] = operation.CreatedAt,
        };
        if (operation.Request.Quantity is { } quantity)
        {
            entity["Quantity"] = quantity;
        }

        if (operation.CompletedAt is { } completedAt)
        {
            entity["CompletedAt"] = completedAt;
        }

        if (operation.TraceParent is { } traceParent)
        {
            entity["TraceParent"] = traceParent;
        }

        if (operation.Result is { } result)
        {
            StorageJson.WriteChunked(entity, "Result", result);
        }

        if (operation.BillingLines.Count > 0)
        {
            StorageJson.WriteChunked(entity, "BillingLines", operation.BillingLines);
        }

        return entity;
    }

    public static UpgradeOperation FromEntity(TableEntity entity)
    {
        var (partner, customer) = TableLayout.ParseCustomerPartition(entity.PartitionKey!)
            ?? throw new InvalidDataException($"Operation row {entity.PartitionKey}/{entity.RowKey} is outside a customer partition.");
        return new UpgradeOperation
        {
            Id = new OperationId(entity.RowKey![TableLayout.OperationPrefix.Length..]),
            PartnerId = partner,
            CustomerId = customer,
            Request = new UpgradeRequest(
                new SubscriptionId(StoredValue.Required(entity.GetString("SourceSubscriptionId"), entity, "SourceSubscriptionId")),
                new OfferId(StoredValue.Required(entity.GetString("TargetOfferId"), entity, "TargetOfferId")),
                StoredEnum.Read<UpgradeType>(entity, "UpgradeType"),
                entity.GetInt32("Quantity")),
            TargetUnitPrice = new Money(
                entity.GetInt64("TargetUnitPriceMinor") ?? 0,
                new CurrencyCode(StoredValue.Required(entity.GetString("Currency"), entity, "Currency"))),
            RequestHash = entity.GetString("RequestHash") ?? string.Empty,
            CreatedAt = entity.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
            Status = StoredEnum.Read<OperationStatus>(entity, "Status"),
            CompletedAt = entity.GetDateTimeOffset("CompletedAt"),
            TraceParent = entity.GetString("TraceParent"),
            Result = StorageJson.ReadChunked<UpgradeResult>(entity, "Result"),
            BillingLines = StorageJson.ReadChunked<List<BillingLine>>(entity, "BillingLines") ?? [],
        };
    }
}
