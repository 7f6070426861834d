using CspUpgrades.Domain.Billing;
using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Planning;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Storage.Operations;

namespace CspUpgrades.Storage.History;

/// <summary>
/// One upgrade or license addition as a subscription's history shows it (Partner Center's transition history). Each is
/// written in the same entity group transaction as the fact it reports, so the history never says more than storage holds.
/// </summary>
public sealed record SubscriptionHistoryEntry
{
    public required OperationId OperationId { get; init; }

    public required HistoryEntryKind Kind { get; init; }

    /// <summary>Queued, succeeded or failed; never running (that needs the claim, which the history does not read).</summary>
    public required OperationStatus Status { get; init; }

    /// <summary>When the upgrade was accepted or the seats were added; the entries sort by it, newest first.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>The upgrade's source; null for a license addition.</summary>
    public SubscriptionId? SourceSubscriptionId { get; init; }

    /// <summary>The subscription the upgrade created, once it succeeded.</summary>
    public SubscriptionId? TargetSubscriptionId { get; init; }

    public OfferId? TargetOfferId { get; init; }

    public UpgradeType? UpgradeType { get; init; }

    /// <summary>Seats moved or added; null for an upgrade of all seats that has not run (the count is fixed when it runs).</summary>
    public int? Quantity { get; init; }

    public IReadOnlyList<BillingLine> BillingLines { get; init; } = [];

    public IReadOnlyList<UpgradeError> UpgradeErrors { get; init; } = [];

    public IReadOnlyList<LicenseError> LicenseErrors { get; init; } = [];

    /// <summary>The upgrade as it stands in <paramref name="operation"/>; <paramref name="movedQuantity"/> once it is planned.</summary>
    public static SubscriptionHistoryEntry ForUpgrade(UpgradeOperation operation, int? movedQuantity = null)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return new SubscriptionHistoryEntry
        {
            OperationId = operation.Id,
            Kind = HistoryEntryKind.Upgrade,
            Status = operation.Status,
            CreatedAt = operation.CreatedAt,
            CompletedAt = operation.CompletedAt,
            SourceSubscriptionId = operation.Request.SourceSubscriptionId,
            TargetSubscriptionId = operation.Result?.TargetSubscriptionId,
            TargetOfferId = operation.Request.TargetOfferId,
            UpgradeType = operation.Request.UpgradeType,
            Quantity = movedQuantity ?? operation.Request.Quantity,
            BillingLines = operation.BillingLines,
            UpgradeErrors = operation.Result?.UpgradeErrors ?? [],
            LicenseErrors = operation.Result?.LicenseErrors ?? [],
        };
    }

    /// <summary>Seats added by <paramref name="plan"/>, committed at <paramref name="at"/>.</summary>
    public static SubscriptionHistoryEntry ForLicenseAddition(AddLicensesPlan plan, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return new SubscriptionHistoryEntry
        {
            OperationId = plan.OperationId,
            Kind = HistoryEntryKind.LicenseAddition,
            Status = OperationStatus.Succeeded,
            CreatedAt = at,
            CompletedAt = at,
            Quantity = plan.AddedQuantity,
            BillingLines = [plan.Charge],
        };
    }
}
