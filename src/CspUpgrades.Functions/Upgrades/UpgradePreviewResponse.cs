using CspUpgrades.Domain.Billing;
using CspUpgrades.Domain.Planning;
using CspUpgrades.Functions.Http;

namespace CspUpgrades.Functions.Upgrades;

/// <summary>
/// What an eligible option would do, before it is submitted: the credit for the unused part of the source's period, the
/// charge for the rest of it on the target and their sum, and where each of the source's users goes. Made by the planner
/// the upgrade is carried out with, so an upgrade of <see cref="Quantity"/> seats executed on <see cref="EffectiveDate"/>
/// bills exactly these amounts and reports exactly these license errors.
/// </summary>
/// <param name="PeriodStart">The billing period the change falls in (its end is the next period's start, as in billing lines).</param>
/// <param name="SourceChange">Whether the source closes (every seat moves) or keeps its other seats.</param>
/// <param name="Credit">At most zero.</param>
/// <param name="Charge">At least zero.</param>
/// <param name="Net">Credit plus charge.</param>
public sealed record UpgradePreviewResponse(
    DateOnly EffectiveDate,
    int Quantity,
    SourceChange SourceChange,
    DateOnly PeriodStart,
    DateOnly PeriodEnd,
    int DaysRemaining,
    int DaysInPeriod,
    MoneyResponse TargetUnitPrice,
    MoneyResponse Credit,
    MoneyResponse Charge,
    MoneyResponse Net,
    LicenseMovesResponse Licenses)
{
    public static UpgradePreviewResponse From(UpgradePlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var credit = plan.BillingLines.Single(line => line.Kind == BillingLineKind.Credit);
        var charge = plan.BillingLines.Single(line => line.Kind == BillingLineKind.Charge);
        return new(
            plan.EffectiveDate, plan.Quantity, plan.SourceChange, credit.Period.Start, credit.Period.End, credit.DaysRemaining, credit.DaysInPeriod,
            MoneyResponse.From(plan.Target.UnitPrice),
            MoneyResponse.From(credit.Amount), MoneyResponse.From(charge.Amount), MoneyResponse.From(plan.NetAmount),
            new LicenseMovesResponse(
                plan.Licenses.MovedAutomatically.Select(AssignedUserResponse.From).ToList(),
                plan.Licenses.RemainingOnSource.Select(AssignedUserResponse.From).ToList(),
                plan.Licenses.LicenseErrors));
    }
}

/// <summary>The source's users: moved to the target automatically, staying on the source, or needing manual work (the
/// <c>licenseErrors</c> the operation reports afterwards).</summary>
public sealed record LicenseMovesResponse(
    IReadOnlyList<AssignedUserResponse> Moved,
    IReadOnlyList<AssignedUserResponse> Staying,
    IReadOnlyList<LicenseError> LicenseErrors);
