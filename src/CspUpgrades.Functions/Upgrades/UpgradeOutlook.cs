using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Planning;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Storage.Customers;

namespace CspUpgrades.Functions.Upgrades;

/// <summary>A subscription's upgrade options as a partner sees them before Submit: the one evaluation and each eligible option's preview.</summary>
/// <param name="EffectiveDate">The day the previews are priced for (today, or the <c>asOf</c> asked for).</param>
public sealed record UpgradeOutlook(EligibilityResult Eligibility, IReadOnlyList<PreviewedOption> Options, DateOnly EffectiveDate);

/// <summary>
/// The one code path behind CheckUpgradeEligibility and the subscription list's <c>upgrade</c>: <see cref="UpgradeEligibility"/>
/// with the claim that holds the subscription now (what a request meets), then <see cref="UpgradePreview"/> — the planner an
/// accepted request is carried out with.
/// </summary>
public class UpgradeOutlooks(OfferCatalog catalog, TimeProvider time)
{
    public DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    /// <param name="asOf">The effective date to price for; today when null.</param>
    public UpgradeOutlook For(CustomerRecord record, SubscriptionId subscription, DateOnly? asOf = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        var now = time.GetUtcNow();
        var eligibility = UpgradeEligibility.Evaluate(catalog, record.Snapshot, subscription, record.HeldBy(subscription, now));
        var effectiveDate = asOf ?? DateOnly.FromDateTime(now.UtcDateTime);
        return new UpgradeOutlook(eligibility, UpgradePreview.Of(catalog, record.Snapshot, eligibility, effectiveDate), effectiveDate);
    }
}
