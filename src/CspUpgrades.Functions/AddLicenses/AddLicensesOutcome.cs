using CspUpgrades.Domain.Billing;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Eligibility;

namespace CspUpgrades.Functions.AddLicenses;

public abstract record AddLicensesOutcome
{
    /// <summary>Seats added (or, for a repeated idempotency key, added the first time).</summary>
    public sealed record Added(Subscription Subscription, BillingLine Charge, bool Replayed) : AddLicensesOutcome;

    public sealed record NotFound : AddLicensesOutcome;

    /// <summary>The caller's <c>If-Match</c> version is not the current one.</summary>
    public sealed record VersionMismatch(long CurrentVersion) : AddLicensesOutcome;

    public sealed record Refused(IReadOnlyList<UpgradeError> Errors) : AddLicensesOutcome;

    /// <summary>The idempotency key was used before for different seats (another subscription or quantity).</summary>
    public sealed record KeyReused : AddLicensesOutcome;
}
