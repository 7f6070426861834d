using CspUpgrades.Domain.Audit;

namespace CspUpgrades.Functions.GetAuditReport;

/// <summary>One audit run as the calling partner sees it, with every blocked upgrade it found.</summary>
public sealed record AuditReportResponse(
    string RunId,
    DateTimeOffset StartedAt,
    DateTimeOffset CompletedAt,
    int CustomersScanned,
    int SubscriptionsScanned,
    int FindingCount,
    IAsyncEnumerable<BlockedUpgradeFinding> Findings);
