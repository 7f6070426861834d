using CspUpgrades.Domain.Audit;
using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Planning;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Domain.Tests.Builders;
using static CspUpgrades.Domain.Tests.Builders.Offers;

namespace CspUpgrades.Domain.Tests;

/// <summary>
/// Every entry point of the rules refuses a missing argument up front, naming it, instead of failing somewhere inside
/// with a <see cref="NullReferenceException"/> (or, worse, answering from half its inputs).
/// </summary>
public class ArgumentGuardTests
{
    private static readonly Subscription Source = A.Subscription(Business).WithId("source");
    private static readonly CustomerSnapshot Customer = A.Customer().With(Source);
    private static readonly Offer Target = DefaultCatalog.Find(Id(E3))!;
    private static readonly OperationId Operation = new("op-guard");
    private static readonly UpgradeRequest Request = new(Source.Id, Id(E3), UpgradeType.UpgradeOnly);
    private static readonly DateOnly Today = new(2024, 1, 15);

    private static readonly Dictionary<string, (Action Call, string Parameter)> Calls = new()
    {
        ["eligibility without a catalog"] = (() => UpgradeEligibility.Evaluate(null!, Customer, Source.Id), "catalog"),
        ["eligibility without a customer"] = (() => UpgradeEligibility.Evaluate(DefaultCatalog, null!, Source.Id), "snapshot"),
        ["one target's eligibility without a catalog"] = (() => UpgradeEligibility.EvaluateTarget(null!, Customer, Source.Id, Id(E3), UpgradeType.UpgradeOnly), "catalog"),
        ["one target's eligibility without a customer"] = (() => UpgradeEligibility.EvaluateTarget(DefaultCatalog, null!, Source.Id, Id(E3), UpgradeType.UpgradeOnly), "snapshot"),
        ["an upgrade plan without a catalog"] = (() => UpgradePlanner.Plan(null!, Customer, Request, Money.Parse("20.00 USD"), Operation, Today), "catalog"),
        ["an upgrade plan without a customer"] = (() => UpgradePlanner.Plan(DefaultCatalog, null!, Request, Money.Parse("20.00 USD"), Operation, Today), "snapshot"),
        ["an upgrade plan without a request"] = (() => UpgradePlanner.Plan(DefaultCatalog, Customer, null!, Money.Parse("20.00 USD"), Operation, Today), "request"),
        ["adding licenses without a catalog"] = (() => LicenseAddition.Plan(null!, Customer, Source.Id, 1, Operation, Today), "catalog"),
        ["adding licenses without a customer"] = (() => LicenseAddition.Plan(DefaultCatalog, null!, Source.Id, 1, Operation, Today), "snapshot"),
        ["the audit without a catalog"] = (() => BlockedUpgradeAudit.Find(null!, Customer), "catalog"),
        ["the audit without a customer"] = (() => BlockedUpgradeAudit.Find(DefaultCatalog, null!), "snapshot"),
        ["seats in the family without a catalog"] = (() => BusinessSeatCap.SeatsInFamily(null!, Customer), "catalog"),
        ["seats in the family without a customer"] = (() => BusinessSeatCap.SeatsInFamily(DefaultCatalog, null!), "snapshot"),
        ["movable seats without a source"] = (() => BusinessSeatCap.MaxSeatsMovable(DefaultCatalog, Customer, null!, null, Target), "source"),
        ["movable seats without a target"] = (() => BusinessSeatCap.MaxSeatsMovable(DefaultCatalog, Customer, Source, null, null!), "target"),
        ["the region rule without a source"] = (() => UpgradePathRules.CrossesRegion(null!, Target), "source"),
        ["the region rule without a target"] = (() => UpgradePathRules.CrossesRegion(Target, null!), "target"),
        ["targets of no offer"] = (() => DefaultCatalog.TargetsOf(null!), "source"),
        ["a catalog from no text"] = (() => OfferCatalog.Load((string)null!), "json"),
        ["a sum of no amounts"] = (() => Money.Sum(null!, CurrencyCode.Usd), "amounts"),
        ["an amount from no text"] = (() => Money.Parse(null!), "text"),
        ["a derived id for no purpose"] = (() => DeterministicId.For(Operation, null!), "purpose"),
    };

    public static TheoryData<string> CallNames() => new(Calls.Keys);

    [Theory]
    [MemberData(nameof(CallNames))]
    public void RefusesAMissingArgumentNamingIt(string call)
    {
        var (act, parameter) = Calls[call];

        var error = Assert.Throws<ArgumentNullException>(act);

        Assert.Equal(parameter, error.ParamName);
    }

    [Fact]
    public void RefusesAnEmptyPurposeForADerivedId()
    {
        Assert.Equal("purpose", Assert.Throws<ArgumentException>(() => DeterministicId.For(Operation, "")).ParamName);
    }
}
