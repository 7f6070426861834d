using CspUpgrades.Domain.Audit;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Domain.Tests.Builders;
using static CspUpgrades.Domain.Tests.Builders.Offers;

namespace CspUpgrades.Domain.Tests.Audit;

/// <summary>The daily report of suspended (and cancelled) subscriptions that block upgrades, with a remedy for each.</summary>
public class BlockedUpgradeAuditTests
{
    private static IReadOnlyList<BlockedUpgradeFinding> Audit(CustomerSnapshot customer) => BlockedUpgradeAudit.Find(DefaultCatalog, customer);

    [Fact]
    public void ASuspendedSubscriptionBlocksEachOfItsOwnUpgrades()
    {
        var findings = Audit(A.Customer().With(A.Subscription(BusinessPremium).WithId("bp").Suspended()));

        Assert.Equal([E3, E5], findings.Select(f => f.TargetOfferId.Value));
        Assert.All(findings, f =>
        {
            Assert.Equal((BlockReason.SuspendedSubscription, UpgradeErrorCodes.SubscriptionStatusNotActive), (f.Reason, f.ErrorCode));
            Assert.Equal(("bp", "bp"), (f.BlockingSubscriptionId.Value, f.SourceSubscriptionId.Value));
            Assert.Equal([UpgradeType.UpgradeOnly, UpgradeType.UpgradeWithLicenseTransfer], f.BlockedUpgradeTypes);
            Assert.Equal("Reactivate subscription bp; once it is active it can be upgraded.", f.Remedy);
        });
    }

    [Fact]
    public void ASuspendedCopyOfTheTargetHeldThroughAnotherPartnerBlocksUpgradesToIt()
    {
        var customer = A.Customer().With(
            A.Subscription(Business).WithId("business"),
            A.Subscription(E3).WithId("e3-contoso").ThroughOtherPartner("Contoso").Suspended());

        // E3 also holds services Business Premium and E5 would add: those findings are about license transfer only.
        var findings = Audit(customer);
        var finding = Assert.Single(findings, f => f.Reason == BlockReason.SuspendedCopyOfTarget);

        Assert.Equal([BlockReason.SuspendedConflictingServices, BlockReason.SuspendedConflictingServices], findings.Except([finding]).Select(f => f.Reason));
        Assert.Equal((BlockReason.SuspendedCopyOfTarget, UpgradeErrorCodes.TargetOfferAlreadyOwned), (finding.Reason, finding.ErrorCode));
        Assert.Equal(("e3-contoso", "business", E3), (finding.BlockingSubscriptionId.Value, finding.SourceSubscriptionId.Value, finding.TargetOfferId.Value));
        Assert.Equal((SubscriptionStatus.Suspended, ChannelKind.OtherPartner, "Contoso"), (finding.BlockingStatus, finding.BlockingChannel, finding.BlockingPartnerName));
        Assert.Equal("Ask the customer to cancel the suspended Office 365 Enterprise E3 subscription held through another partner (Contoso) first.", finding.Remedy);
    }

    [Fact]
    public void ASuspendedCopyBoughtDirectlyOrThroughThisPartnerGetsItsOwnRemedy()
    {
        var direct = Audit(A.Customer().With(A.Subscription(Business), A.Subscription(E3).BoughtDirect().Suspended()))
            .Single(f => f.Reason == BlockReason.SuspendedCopyOfTarget);
        var ours = Audit(A.Customer().With(A.Subscription(Business), A.Subscription(E3).WithId("e3-ours").Suspended()))
            .Single(f => f.Reason == BlockReason.SuspendedCopyOfTarget);

        Assert.Contains("bought directly from Microsoft", direct.Remedy, StringComparison.Ordinal);
        Assert.Equal("Cancel suspended subscription e3-ours first, or reactivate it and add licenses to it instead of upgrading.", ours.Remedy);
    }

    [Fact]
    public void ASuspendedSubscriptionWithConflictingServicesBlocksOnlyLicenseTransfer()
    {
        var customer = A.Customer().With(A.Subscription(Business).WithId("business"), A.Subscription(E1).WithId("e1").BoughtDirect().Suspended());

        var findings = Audit(customer);

        // E1 holds Exchange, SharePoint and Teams, which Business Premium, E3 and E5 all add to Business.
        Assert.Equal([BusinessPremium, E3, E5], findings.Select(f => f.TargetOfferId.Value));
        Assert.All(findings, f =>
        {
            Assert.Equal((BlockReason.SuspendedConflictingServices, UpgradeErrorCodes.ConflictingServiceTypes), (f.Reason, f.ErrorCode));
            Assert.Equal([UpgradeType.UpgradeWithLicenseTransfer], f.BlockedUpgradeTypes);
            Assert.EndsWith("or upgrade without license transfer and reassign licenses by hand.", f.Remedy, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void CancelledSubscriptionsBlockNothing()
    {
        var customer = A.Customer().With(
            A.Subscription(Business).Cancelled(),
            A.Subscription(BusinessEssentials),
            A.Subscription(BusinessPremium).ThroughOtherPartner("Contoso").Cancelled(),
            A.Subscription(E1).BoughtDirect().Cancelled());

        Assert.Empty(Audit(customer));
    }

    [Fact]
    public void ActiveCopiesBlockButAreNotTheAuditsConcern()
    {
        var customer = A.Customer().With(A.Subscription(Business), A.Subscription(E3).ThroughOtherPartner("Contoso"));

        Assert.Empty(Audit(customer));
    }

    [Fact]
    public void SubscriptionsOfOtherPartnersAreNotAuditedAsSources()
    {
        Assert.Empty(Audit(A.Customer().With(A.Subscription(BusinessPremium).ThroughOtherPartner("Contoso").Suspended())));
    }

    [Fact]
    public void EveryFindingAgreesWithWhatEligibilityReports()
    {
        var customer = A.Customer().With(
            A.Subscription(Business).WithId("business"),
            A.Subscription(BusinessEssentials).WithId("essentials"),
            A.Subscription(BusinessPremium).WithId("premium").Suspended(),
            A.Subscription(E3).ThroughOtherPartner("Contoso").Suspended(),
            A.Subscription(E1).BoughtDirect().Suspended()).Build();

        var findings = Audit(customer);

        Assert.Equal(3, findings.Select(f => f.Reason).Distinct().Count());
        foreach (var finding in findings)
        {
            foreach (var type in finding.BlockedUpgradeTypes)
            {
                var option = UpgradeEligibility.EvaluateTarget(DefaultCatalog, customer, finding.SourceSubscriptionId, finding.TargetOfferId, type);
                Assert.Contains(option.UpgradeErrors, e => e.Code == finding.ErrorCode && e.AdditionalDetails!.Contains(finding.BlockingSubscriptionId.Value, StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public void FindingsCarryThePartnerAndCustomer()
    {
        var finding = Audit(A.Customer().With(A.Subscription(BusinessPremium).Suspended()))[0];

        Assert.Equal((new PartnerId("partner-1"), new CustomerId("customer-1")), (finding.PartnerId, finding.CustomerId));
        Assert.False(string.IsNullOrWhiteSpace(finding.Explanation));
    }

    [Fact]
    public void ASubscriptionOfAnOfferNotInTheCatalogBlocksNothing()
    {
        Assert.Empty(Audit(A.Customer().With(A.Subscription("o365-kiosk").Suspended(), A.Subscription(Business))));
    }

    [Fact]
    public void EachExplanationNamesTheBlockerAndTheTarget()
    {
        var customer = A.Customer().With(
            A.Subscription(Business).WithId("business"),
            A.Subscription(BusinessPremium).WithId("premium").Suspended(),
            A.Subscription(E3).WithId("e3-contoso").ThroughOtherPartner("Contoso").Suspended(),
            A.Subscription(E1).WithId("e1-direct").BoughtDirect().Suspended());

        var findings = Audit(customer);

        Assert.Equal(3, findings.Select(f => f.Reason).Distinct().Count());
        Assert.All(findings, f =>
        {
            var target = DefaultCatalog.Find(f.TargetOfferId)!.DisplayName;
            Assert.All(new[] { f.BlockingSubscriptionId.Value, target }, name => Assert.Contains(name, f.Explanation, StringComparison.Ordinal));
        });
    }

    [Fact]
    public void AConflictsExplanationListsEachServiceTheTargetAdds()
    {
        var customer = A.Customer().With(A.Subscription(Business).WithId("business"), A.Subscription(E1).WithId("e1").BoughtDirect().Suspended());

        var finding = Audit(customer).First(f => f.TargetOfferId == Id(BusinessPremium));

        Assert.Contains("ExchangeMailbox, SharePoint, Teams", finding.Explanation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("this-partner", "e1-blocker")]
    [InlineData("other-partner", "Contoso")]
    [InlineData("unnamed-partner", "partner-9")]
    [InlineData("partner known by neither name nor id", "(unknown)")]
    [InlineData("direct", "bought directly from Microsoft")]
    public void AConflictsRemedyNamesWhoCanCancelTheBlocker(string channel, string named)
    {
        var blocker = A.Subscription(E1).WithId("e1-blocker").Suspended().Build();
        blocker = blocker with
        {
            Channel = channel switch
            {
                "other-partner" => SalesChannel.OtherPartner("Contoso"),
                "unnamed-partner" => new SalesChannel(ChannelKind.OtherPartner, null, new PartnerId("partner-9")),
                "partner known by neither name nor id" => new SalesChannel(ChannelKind.OtherPartner),
                "direct" => SalesChannel.Direct,
                _ => SalesChannel.ThisPartner,
            },
        };

        var findings = Audit(A.Customer().With(A.Subscription(Business).WithId("business").Build(), blocker));

        Assert.NotEmpty(findings);
        Assert.All(findings, f =>
        {
            Assert.Equal(BlockReason.SuspendedConflictingServices, f.Reason);
            Assert.Contains(named, f.Remedy, StringComparison.Ordinal);
            Assert.Equal(channel == "this-partner", f.Remedy.StartsWith("Cancel suspended subscription e1-blocker", StringComparison.Ordinal));
        });
    }

    [Fact]
    public void ASuspendedCopyHeldThroughAnUnnamedPartnerIsNamedByItsId()
    {
        var copy = A.Subscription(E3).Suspended().Build() with { Channel = new SalesChannel(ChannelKind.OtherPartner, null, new PartnerId("partner-9")) };

        var finding = Audit(A.Customer().With(A.Subscription(Business).Build(), copy)).Single(f => f.Reason == BlockReason.SuspendedCopyOfTarget);

        Assert.Contains("(partner-9)", finding.Remedy, StringComparison.Ordinal);
        Assert.Contains("(partner-9)", finding.Explanation, StringComparison.Ordinal);
    }
}
