using CspUpgrades.Domain.Billing;
using CspUpgrades.Functions.Upgrades;

namespace CspUpgrades.Functions.CheckUpgradeEligibility;

/// <summary>What an eligibility check found.</summary>
public abstract record EligibilityOutcome
{
    private EligibilityOutcome()
    {
    }

    /// <summary>This partner has no such customer or subscription.</summary>
    public sealed record NotFound : EligibilityOutcome;

    /// <summary>The <c>asOf</c> asked for is not in the subscription's current billing period.</summary>
    public sealed record AsOfOutsidePeriod(BillingPeriod Period) : EligibilityOutcome;

    public sealed record Found(UpgradeOutlook Outlook) : EligibilityOutcome;
}
