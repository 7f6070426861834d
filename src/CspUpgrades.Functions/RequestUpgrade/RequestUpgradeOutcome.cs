using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Storage.Operations;

namespace CspUpgrades.Functions.RequestUpgrade;

/// <summary>What a request for an upgrade came to. Expected outcomes, mapped to HTTP at the edge.</summary>
public abstract record RequestUpgradeOutcome
{
    /// <summary>Recorded and queued (or, for a repeated idempotency key, the operation recorded the first time).</summary>
    public sealed record Accepted(UpgradeOperation Operation, bool Replayed) : RequestUpgradeOutcome;

    public sealed record NotFound : RequestUpgradeOutcome;

    /// <summary>Every reason the upgrade is refused now.</summary>
    public sealed record NotEligible(IReadOnlyList<UpgradeError> Errors) : RequestUpgradeOutcome;

    /// <summary>The idempotency key was used before with a different request.</summary>
    public sealed record KeyReused : RequestUpgradeOutcome;
}
