using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Planning;
using CspUpgrades.Functions.Http;
using CspUpgrades.Storage.History;
using CspUpgrades.Storage.Operations;

namespace CspUpgrades.Functions.ListSubscriptionHistory;

/// <summary>
/// One upgrade or license addition that touched the subscription: its status, target, seats, billing lines and the
/// reasons it failed or the accounts that need manual work. An upgrade shows on its source and on the target it created.
/// </summary>
public sealed record SubscriptionHistoryEntryResponse(
    string OperationId,
    HistoryEntryKind Kind,
    OperationStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    string? SourceSubscriptionId,
    string? TargetSubscriptionId,
    string? TargetOffer,
    UpgradeType? UpgradeType,
    int? Quantity,
    IReadOnlyList<BillingLineResponse> BillingLines,
    IReadOnlyList<UpgradeError> UpgradeErrors,
    IReadOnlyList<LicenseError> LicenseErrors)
{
    public static SubscriptionHistoryEntryResponse From(SubscriptionHistoryEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new(
            entry.OperationId.Value, entry.Kind, entry.Status, entry.CreatedAt, entry.CompletedAt,
            entry.SourceSubscriptionId?.Value, entry.TargetSubscriptionId?.Value, entry.TargetOfferId?.Value, entry.UpgradeType, entry.Quantity,
            entry.BillingLines.Select(BillingLineResponse.From).ToList(), entry.UpgradeErrors, entry.LicenseErrors);
    }
}
