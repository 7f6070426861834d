using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Tests.Builders;
using static CspUpgrades.Domain.Tests.Builders.Offers;

namespace CspUpgrades.Domain.Tests.Eligibility;

/// <summary>
/// DESIGN §1's upgrade table, every source against every offer in the catalog, for a customer with
/// nothing else in the way: either eligible (both upgrade types) or refused for exactly one reason.
/// </summary>
public class UpgradePathTableTests
{
    // The specification, written out rather than read from the catalog.
    private static readonly Dictionary<string, string[]> AllowedTargets = new()
    {
        [Business] = [BusinessPremium, ProPlus, E3, E5],
        [BusinessPremium] = [E3, E5],
        [BusinessEssentials] = [BusinessPremium, E1, E3, E5],
        [BusinessIndia] = [BusinessPremiumIndia, ProPlus, E3, E5],
        [BusinessPremiumIndia] = [E3, E5],
        [BusinessEssentialsIndia] = [BusinessPremiumIndia, E1, E3, E5],
        [ProPlus] = [],
        [E1] = [],
        [E3] = [],
        [E5] = [],
    };

    private static readonly HashSet<string> BusinessFamily =
        [Business, BusinessPremium, BusinessEssentials, BusinessIndia, BusinessPremiumIndia, BusinessEssentialsIndia];

    private static readonly HashSet<string> India = [BusinessIndia, BusinessPremiumIndia, BusinessEssentialsIndia];

    public static TheoryData<string, string, string> Rows()
    {
        var rows = new TheoryData<string, string, string>();
        foreach (var source in All)
        {
            foreach (var target in All)
            {
                rows.Add(source, target, ExpectedOutcome(source, target));
            }
        }

        return rows;
    }

    private static string ExpectedOutcome(string source, string target)
    {
        if (AllowedTargets[source].Contains(target))
        {
            return "eligible";
        }

        if (AllowedTargets[source].Length == 0)
        {
            return UpgradeErrorCodes.SubscriptionDoesNotHaveAnyUpgradePaths;
        }

        return BusinessFamily.Contains(target) && India.Contains(source) != India.Contains(target)
            ? UpgradeErrorCodes.RegionMismatch
            : UpgradeErrorCodes.UpgradePathNotSupported;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void EachSourceAndTargetIsEligibleOrRefusedForTheExactReason(string source, string target, string expected)
    {
        var subscription = PricedSubscription(source);
        var customer = A.Customer().With(subscription).Build();

        foreach (var type in new[] { UpgradeType.UpgradeOnly, UpgradeType.UpgradeWithLicenseTransfer })
        {
            var option = UpgradeEligibility.EvaluateTarget(DefaultCatalog, customer, subscription.Id, Id(target), type);

            var outcome = option.IsEligible ? ["eligible"] : option.UpgradeErrors.Select(e => e.Code).ToArray();
            Assert.Equal([expected], outcome);
        }
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void ListsEveryAllowedTargetWithBothUpgradeTypesInOrder(string source)
    {
        var subscription = PricedSubscription(source);

        var result = UpgradeEligibility.Evaluate(DefaultCatalog, A.Customer().With(subscription), subscription.Id);

        var expected = AllowedTargets[source]
            .SelectMany(target => new[] { (target, UpgradeType.UpgradeOnly), (target, UpgradeType.UpgradeWithLicenseTransfer) });
        Assert.Equal(expected, result.Options.Select(o => (o.TargetOffer.Value, o.UpgradeType)));
        Assert.All(result.Options, option => Assert.True(option.IsEligible));
        Assert.All(result.Options, option => Assert.Equal(subscription.Quantity, option.Quantity));
    }

    public static TheoryData<string> Sources() => new(All);

    // India editions are sold in rupees (the catalog prices them in INR only), the rest in dollars.
    private static Domain.Customers.Subscription PricedSubscription(string source) =>
        A.Subscription(source).PricedAt(India.Contains(source) ? "500.00 INR" : "10.00 USD").Build();

    [Theory]
    [InlineData(ProPlus)]
    [InlineData(E1)]
    [InlineData(E3)]
    [InlineData(E5)]
    public void OffersWithoutUpgradePathsListNoOptionsAndSayWhy(string source)
    {
        var subscription = A.Subscription(source).Build();

        var result = UpgradeEligibility.Evaluate(DefaultCatalog, A.Customer().With(subscription), subscription.Id);

        Assert.Empty(result.Options);
        Assert.Equal(UpgradeErrorCodes.SubscriptionDoesNotHaveAnyUpgradePaths, Assert.Single(result.UpgradeErrors).Code);
    }

    [Fact]
    public void AnOfferUnknownToTheCatalogHasNoUpgradePaths()
    {
        var subscription = A.Subscription("dynamics-365-sales").Build();

        var result = UpgradeEligibility.Evaluate(DefaultCatalog, A.Customer().With(subscription), subscription.Id);

        Assert.Empty(result.Options);
        var error = Assert.Single(result.UpgradeErrors);
        Assert.Equal(UpgradeErrorCodes.SubscriptionDoesNotHaveAnyUpgradePaths, error.Code);
        Assert.Contains("not in the catalog", error.AdditionalDetails, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownTargetIsNotFound()
    {
        var subscription = A.Subscription(Business).Build();

        var option = UpgradeEligibility.EvaluateTarget(DefaultCatalog, A.Customer().With(subscription), subscription.Id, Id("o365-business-ultimate"), UpgradeType.UpgradeOnly);

        Assert.False(option.IsEligible);
        Assert.Equal(UpgradeErrorCodes.SubscriptionTargetOfferNotFound, Assert.Single(option.UpgradeErrors).Code);
        Assert.Equal(0, option.Quantity);
    }
}
