using Azure.Data.Tables;
using CspUpgrades.Domain.Billing;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Storage.Model;

namespace CspUpgrades.Storage.Billing;

/// <summary>
/// A billing line's row <c>bill|{lineId}</c>. The line id derives from the operation, so a replayed
/// commit meets <c>409 EntityAlreadyExists</c> instead of billing twice.
/// </summary>
internal static class BillingLineEntity
{
    public static TableEntity ToEntity(string partitionKey, BillingLine line, string operationId) =>
        new(partitionKey, TableLayout.BillingRow(line.LineId))
        {
            ["OperationId"] = operationId,
            ["Kind"] = StoredEnum.Write(line.Kind),
            ["SubscriptionId"] = line.SubscriptionId.Value,
            ["OfferId"] = line.OfferId.Value,
            ["Quantity"] = line.Quantity,
            ["PeriodStart"] = StoredDate.Write(line.Period.Start),
            ["PeriodEnd"] = StoredDate.Write(line.Period.End),
            ["ChangeDate"] = StoredDate.Write(line.ChangeDate),
            ["DaysRemaining"] = line.DaysRemaining,
            ["DaysInPeriod"] = line.DaysInPeriod,
            ["UnitPriceMinor"] = line.UnitPrice.MinorUnits,
            ["AmountMinor"] = line.Amount.MinorUnits,
            ["Currency"] = line.Amount.Currency.Code,
        };

    public static StoredBillingLine FromEntity(TableEntity entity)
    {
        var currency = new CurrencyCode(StoredValue.Required(entity.GetString("Currency"), entity, "Currency"));
        var line = new BillingLine
        {
            LineId = entity.RowKey![TableLayout.BillingPrefix.Length..],
            Kind = StoredEnum.Read<BillingLineKind>(entity, "Kind"),
            SubscriptionId = new SubscriptionId(StoredValue.Required(entity.GetString("SubscriptionId"), entity, "SubscriptionId")),
            OfferId = new OfferId(StoredValue.Required(entity.GetString("OfferId"), entity, "OfferId")),
            Quantity = entity.GetInt32("Quantity") ?? 0,
            Period = new BillingPeriod(StoredDate.Read(entity, "PeriodStart"), StoredDate.Read(entity, "PeriodEnd")),
            ChangeDate = StoredDate.Read(entity, "ChangeDate"),
            DaysRemaining = entity.GetInt32("DaysRemaining") ?? 0,
            DaysInPeriod = entity.GetInt32("DaysInPeriod") ?? 0,
            UnitPrice = new Money(entity.GetInt64("UnitPriceMinor") ?? 0, currency),
            Amount = new Money(entity.GetInt64("AmountMinor") ?? 0, currency),
        };
        return new StoredBillingLine(line, new OperationId(StoredValue.Required(entity.GetString("OperationId"), entity, "OperationId")));
    }
}
