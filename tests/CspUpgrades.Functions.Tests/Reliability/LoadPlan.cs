namespace CspUpgrades.Functions.Tests.Reliability;

/// <summary>
/// The size and mix of an <see cref="UpgradeLoad"/>: one upgrade per customer, <see cref="EligibilityChecks"/>
/// checks alongside, a share of them delivered twice (a second queue message, and the request repeated with its
/// key), and a share of customers that ask for two different upgrades of the same subscription at once.
/// </summary>
public sealed record LoadPlan(
    int Customers,
    int EligibilityChecks,
    double DuplicateShare = 0.10,
    double CompetingRequestShare = 0.05,
    int Callers = 8,
    int Seed = 20261121)
{
    /// <summary>The size the suite runs by default (CI), or the full size when <c>CSP_LOAD=full</c>.</summary>
    public static LoadPlan Sustained() =>
        string.Equals(Environment.GetEnvironmentVariable("CSP_LOAD"), "full", StringComparison.OrdinalIgnoreCase)
            ? new LoadPlan(Customers: 1_000, EligibilityChecks: 20_000)
            : new LoadPlan(Customers: 200, EligibilityChecks: 4_000);
}
