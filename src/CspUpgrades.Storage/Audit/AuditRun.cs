using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Storage.Audit;

/// <summary>One partner's part of an audit run: when it ran and what it counted.</summary>
public sealed record AuditRun(
    string RunId,
    PartnerId PartnerId,
    DateTimeOffset StartedAt,
    DateTimeOffset CompletedAt,
    int CustomersScanned,
    int SubscriptionsScanned,
    int FindingCount);
