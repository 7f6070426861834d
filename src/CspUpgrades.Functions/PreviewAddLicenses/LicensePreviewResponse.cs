using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Planning;
using CspUpgrades.Functions.Http;

namespace CspUpgrades.Functions.PreviewAddLicenses;

/// <summary>
/// What adding <see cref="Quantity"/> seats would do today: allowed or every reason not, the quantity after, and the charge
/// (null when refused) — the line AddLicenses would write, without its id.
/// </summary>
/// <param name="Version">The subscription's version now (also the <c>ETag</c>): AddLicenses' <c>If-Match</c>.</param>
public sealed record LicensePreviewResponse(
    string SubscriptionId,
    int Quantity,
    bool IsAllowed,
    IReadOnlyList<UpgradeError> UpgradeErrors,
    int QuantityBefore,
    int QuantityAfter,
    long Version,
    LicenseChargePreviewResponse? Charge)
{
    public static LicensePreviewResponse From(Subscription subscription, int quantity, DateOnly effectiveDate, AddLicensesResult planned)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(planned);
        var charge = planned.Plan?.Charge;
        return new(
            subscription.Id.Value, quantity, planned.IsPlanned, planned.Errors, subscription.Quantity,
            planned.Plan?.Subscription.Quantity ?? subscription.Quantity, subscription.Version,
            charge is null ? null : new LicenseChargePreviewResponse(
                effectiveDate, charge.Period.Start, charge.Period.End, charge.DaysRemaining, charge.DaysInPeriod,
                MoneyResponse.From(charge.UnitPrice), MoneyResponse.From(charge.Amount)));
    }
}

/// <summary>The prorated charge for the added seats: unit price × seats × daysRemaining ÷ daysInPeriod, rounded once.</summary>
public sealed record LicenseChargePreviewResponse(
    DateOnly EffectiveDate,
    DateOnly PeriodStart,
    DateOnly PeriodEnd,
    int DaysRemaining,
    int DaysInPeriod,
    MoneyResponse UnitPrice,
    MoneyResponse Amount);
