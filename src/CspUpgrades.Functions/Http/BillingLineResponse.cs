using CspUpgrades.Domain.Billing;

namespace CspUpgrades.Functions.Http;

/// <summary>A prorated billing line: amount = unitPrice × quantity × daysRemaining ÷ daysInPeriod, rounded once; credits are negative.</summary>
public sealed record BillingLineResponse(
    string LineId,
    BillingLineKind Kind,
    string SubscriptionId,
    string OfferId,
    int Quantity,
    DateOnly PeriodStart,
    DateOnly PeriodEnd,
    DateOnly ChangeDate,
    int DaysRemaining,
    int DaysInPeriod,
    MoneyResponse UnitPrice,
    MoneyResponse Amount)
{
    public static BillingLineResponse From(BillingLine line) => new(
        line.LineId, line.Kind, line.SubscriptionId.Value, line.OfferId.Value, line.Quantity,
        line.Period.Start, line.Period.End, line.ChangeDate, line.DaysRemaining, line.DaysInPeriod,
        MoneyResponse.From(line.UnitPrice), MoneyResponse.From(line.Amount));
}
