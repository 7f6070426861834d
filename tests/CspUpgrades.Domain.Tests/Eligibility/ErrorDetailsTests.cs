using System.Text.RegularExpressions;
using CspUpgrades.Domain.Billing;
using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Planning;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Domain.Tests.Builders;
using static CspUpgrades.Domain.Eligibility.UpgradeErrorCodes;
using static CspUpgrades.Domain.Tests.Builders.Offers;

namespace CspUpgrades.Domain.Tests.Eligibility;

/// <summary>
/// Every reason a partner can be given: its code, a description, and additionalDetails naming what is at fault (the
/// subscription, offer, customer, service, add-on or number), so a partner or a program can act on it without reading
/// the English around it.
/// </summary>
public partial class ErrorDetailsTests
{
    private static readonly DateOnly Today = new(2024, 1, 15);

    private static IReadOnlyList<UpgradeError> Upgrade(CustomerSnapshot customer, string target, UpgradeType type = UpgradeType.UpgradeWithLicenseTransfer, int? quantity = null, string source = "source") =>
        UpgradeEligibility.EvaluateTarget(DefaultCatalog, customer, new SubscriptionId(source), Id(target), type, quantity).UpgradeErrors;

    private static IReadOnlyList<UpgradeError> AddLicenses(SubscriptionBuilder subscription, int adding)
    {
        var built = subscription.WithId("source").Build();
        return LicenseAddition.Plan(DefaultCatalog, A.Customer().With(built), built.Id, adding, new OperationId("op-1"), Today).Errors;
    }

    private static SubscriptionBuilder Source(string offer = Business) => A.Subscription(offer).WithId("source");

    // Each case: the errors a situation produces, the code expected among them, and what its additionalDetails must name.
    private static readonly Dictionary<string, (Func<IReadOnlyList<UpgradeError>> Errors, string Code, string[] Names)> Cases = new()
    {
        ["held through another partner"] = (() => Upgrade(A.Customer().With(Source().ThroughOtherPartner("Contoso")), E3), SubscriptionNotManagedByPartner, ["Contoso", "source"]),
        ["held through an unnamed partner"] = (() => Upgrade(A.Customer().With(Source().Build() with { Channel = new SalesChannel(ChannelKind.OtherPartner, null, new PartnerId("partner-9")) }), E3), SubscriptionNotManagedByPartner, ["partner-9", "source"]),
        ["held through a partner known by neither name nor id"] = (() => Upgrade(A.Customer().With(Source().Build() with { Channel = new SalesChannel(ChannelKind.OtherPartner) }), E3), SubscriptionNotManagedByPartner, ["(unknown)", "source"]),
        ["pending"] = (() => Upgrade(A.Customer().With(Source().Pending()), E3), SubscriptionNotProvisioned, ["source", "pending"]),
        ["suspended"] = (() => Upgrade(A.Customer().With(Source().Suspended()), E3), SubscriptionStatusNotActive, ["source", "suspended"]),
        ["cancelled"] = (() => Upgrade(A.Customer().With(Source().Cancelled()), E3), SubscriptionStatusNotActive, ["source", "cancelled"]),
        ["add-ons"] = (() => Upgrade(A.Customer().With(Source().WithAddOn("extra-storage").WithAddOn("archiving")), E3), SubscriptionAddOnsPresent, ["extra-storage", "archiving"]),
        ["no delegated admin"] = (() => Upgrade(A.Customer().WithoutDelegatedAdmin().With(Source()), E3), DelegatedAdminPermissionsDisabled, ["customer-1"]),
        ["no delegated admin for the target's services"] = (() => Upgrade(A.Customer().WithDelegatedAdminExcept(ServiceKind.PhoneSystem, ServiceKind.Teams).With(Source()), E5), DelegatedAdminPermissionsDisabled, ["PhoneSystem", "Teams"]),
        ["unknown target"] = (() => Upgrade(A.Customer().With(Source()), "o365-enterprise-e7"), SubscriptionTargetOfferNotFound, ["o365-enterprise-e7"]),
        ["source offer without targets"] = (() => Upgrade(A.Customer().With(Source(E5)), E3), SubscriptionDoesNotHaveAnyUpgradePaths, ["Office 365 Enterprise E5"]),
        ["source offer not in the catalog"] = (() => Upgrade(A.Customer().With(Source("o365-kiosk")), E3), SubscriptionDoesNotHaveAnyUpgradePaths, ["o365-kiosk"]),
        ["India edition to the global Business Premium"] = (() => Upgrade(A.Customer().With(Source(BusinessIndia)), BusinessPremium), RegionMismatch, ["Office 365 Business India", "Office 365 Business Premium"]),
        ["target that is not a path"] = (() => Upgrade(A.Customer().With(Source(BusinessPremium)), ProPlus), UpgradePathNotSupported, [ProPlus, E3, E5]),
        ["target already owned, suspended"] = (() => Upgrade(A.Customer().With(Source(), A.Subscription(E3).WithId("copy").Suspended()), E3), TargetOfferAlreadyOwned, ["copy", "suspended"]),
        ["conflicting services, pending"] = (() => Upgrade(A.Customer().With(Source(), A.Subscription(E1).WithId("e1").Pending()), BusinessPremium), ConflictingServiceTypes, ["Office 365 Enterprise E1", "e1", "pending", "ExchangeMailbox", "SharePoint", "Teams"]),
        ["quantity out of range"] = (() => Upgrade(A.Customer().With(Source().WithQuantity(10)), E3, quantity: 11), InvalidQuantity, ["11", "10"]),
        ["a subscription without seats"] = (() => Upgrade(A.Customer().With(Source().WithQuantity(0)), E3), InvalidQuantity, ["requested 0", "has 0"]),
        ["adding no licenses"] = (() => AddLicenses(Source(), 0), InvalidQuantity, ["0"]),
        ["adding past the most seats a subscription holds"] = (() => AddLicenses(Source(E3).WithQuantity(999_990), 20), InvalidQuantity, ["999990", "20", "1000010", "10"]),
        ["adding past the Business seat cap"] = (() => AddLicenses(Source().WithQuantity(290), 20), SeatLimitExceeded, ["290", "20", "310", "10"]),
        ["target not priced in the currency"] = (() => Upgrade(A.Customer().With(Source().PricedAt("1000 JPY")), E3), TargetOfferNotPriced, ["Office 365 Enterprise E3", "JPY"]),
        ["another operation holds it"] = (() => UpgradeEligibility.EvaluateTarget(DefaultCatalog, A.Customer().With(Source()), new SubscriptionId("source"), Id(E3), UpgradeType.UpgradeOnly, heldBy: new OperationId("op-running")).UpgradeErrors, ConcurrencyConflicts, ["op-running"]),
    };

    public static TheoryData<string> CaseNames() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void EveryReasonCarriesItsCodeADescriptionAndDetailsNamingWhatIsAtFault(string caseName)
    {
        var (errors, code, names) = Cases[caseName];

        var error = Assert.Single(errors(), e => e.Code == code);

        Assert.False(string.IsNullOrWhiteSpace(error.Description));
        Assert.All(names, name => Assert.Contains(name, error.AdditionalDetails, StringComparison.Ordinal));
    }

    [Fact]
    public void DetailsListEachAddOnAndServiceAndPathSeparately()
    {
        var addOns = Assert.Single(Upgrade(A.Customer().With(Source().WithAddOn("extra-storage").WithAddOn("archiving")), E3));
        var services = Assert.Single(Upgrade(A.Customer().WithDelegatedAdminExcept(ServiceKind.PhoneSystem, ServiceKind.Teams).With(Source()), E5));
        var paths = Assert.Single(Upgrade(A.Customer().With(Source(BusinessPremium)), ProPlus));

        Assert.Equal("extra-storage, archiving", addOns.AdditionalDetails);
        Assert.Matches("^missing for: (Teams, PhoneSystem|PhoneSystem, Teams)$", services.AdditionalDetails);
        Assert.Contains($"{E3}, {E5}", paths.AdditionalDetails, StringComparison.Ordinal);
    }

    [Fact]
    public void TheNumbersOfAQuantityOverTheLimitAddUp()
    {
        var error = Assert.Single(AddLicenses(Source(E3).WithQuantity(999_990), 20));

        Assert.Equal([999_990, 20, 1_000_010, 10], Numbers(error.AdditionalDetails!));
    }

    [Fact]
    public void NoMoreSeatsFitOnceASubscriptionIsAtTheLimit()
    {
        var error = Assert.Single(AddLicenses(Source(E3).WithQuantity(BillingLimits.MaxQuantity), 1));

        Assert.Equal([1_000_000, 1, 1_000_001, 0], Numbers(error.AdditionalDetails!));
    }

    [Fact]
    public void AnActiveCopyIsNamedWithoutAStatus()
    {
        var error = Assert.Single(Upgrade(A.Customer().With(Source(), A.Subscription(E3).WithId("copy")), E3));

        Assert.EndsWith("subscription copy", error.AdditionalDetails, StringComparison.Ordinal);
    }

    private static long[] Numbers(string details) => DigitRuns().Matches(details).Select(m => long.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    [GeneratedRegex(@"\d+")]
    private static partial Regex DigitRuns();
}
