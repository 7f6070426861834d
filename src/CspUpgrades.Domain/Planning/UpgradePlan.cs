using CspUpgrades.Domain.Billing;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Domain.Planning;

/// <summary>
/// Everything one upgrade changes, decided up front so storage can commit it in one transaction:
/// the source as it becomes, the new target subscription, where each user goes, and the billing lines.
/// Every key derives from <see cref="OperationId"/>, so planning the same operation again gives the same plan.
/// </summary>
public sealed record UpgradePlan
{
    public required OperationId OperationId { get; init; }

    public required UpgradeType UpgradeType { get; init; }

    public required DateOnly EffectiveDate { get; init; }

    /// <summary>Seats moved from the source to the target.</summary>
    public required int Quantity { get; init; }

    public required SourceChange SourceChange { get; init; }

    /// <summary>The source as it becomes: cancelled, or with its quantity reduced. Its Version is the one read.</summary>
    public required Subscription Source { get; init; }

    /// <summary>The new subscription; its id is derived from the operation id.</summary>
    public required Subscription Target { get; init; }

    public required LicenseTransferPlan Licenses { get; init; }

    /// <summary>A credit for the moved seats on the source, then a charge for them on the target.</summary>
    public required IReadOnlyList<BillingLine> BillingLines { get; init; }

    /// <summary>The sum of the billing lines (zero when source and target cost the same).</summary>
    public required Money NetAmount { get; init; }
}
