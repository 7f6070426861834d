using System.Text.Json;
using System.Text.Json.Nodes;
using CspUpgrades.Domain.Audit;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Planning;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Domain.Tests.Builders;
using static CspUpgrades.Domain.Tests.Builders.Offers;

namespace CspUpgrades.Domain.Tests;

/// <summary>Domain records serialize with plain JSON to the wire vocabulary of DESIGN §2, and read back.</summary>
public class SerializationTests
{
    private static readonly JsonSerializerOptions Web = JsonSerializerOptions.Web;

    private static readonly CustomerSnapshot Customer = A.Customer().With(
        A.Subscription(Business).WithId("business").WithUsers(A.User("alice").With(ServiceKinds.OfficeApps)),
        A.Subscription(E3).WithId("e3").ThroughOtherPartner("Contoso").Suspended()).Build();

    [Fact]
    public void AnUpgradeOptionUsesPartnerCentersNames()
    {
        var option = UpgradeEligibility.EvaluateTarget(DefaultCatalog, Customer, new SubscriptionId("business"), Id(E3), UpgradeType.UpgradeWithLicenseTransfer);

        var json = JsonNode.Parse(JsonSerializer.Serialize(option, Web))!;

        Assert.Equal(E3, (string?)json["targetOffer"]);
        Assert.Equal("upgrade_with_license_transfer", (string?)json["upgradeType"]);
        Assert.False((bool)json["isEligible"]!);
        Assert.Equal(10, (int)json["quantity"]!);
        Assert.Equal("target_offer_already_owned", (string?)json["upgradeErrors"]![0]!["code"]);
        Assert.NotNull(json["upgradeErrors"]![0]!["additionalDetails"]);
    }

    [Fact]
    public void AnUpgradePlanRoundTrips()
    {
        var request = new UpgradeRequest(new SubscriptionId("business"), Id(BusinessPremium), UpgradeType.UpgradeOnly);
        var plan = UpgradePlanner.Plan(DefaultCatalog, Customer, request, Money.Parse("12.50 USD"), new OperationId("op-1"), new DateOnly(2024, 2, 10)).Plan!;

        var json = JsonSerializer.Serialize(plan, Web);
        var back = JsonSerializer.Deserialize<UpgradePlan>(json, Web)!;

        Assert.Equal(json, JsonSerializer.Serialize(back, Web));
        Assert.Equal(plan.BillingLines, back.BillingLines);
        var node = JsonNode.Parse(json)!;
        Assert.Equal("cancelled", (string?)node["source"]!["status"]);
        Assert.Equal(-6897, (long)node["billingLines"]![0]!["amount"]!["minorUnits"]!);
        Assert.Equal("USD", (string?)node["billingLines"]![0]!["amount"]!["currency"]);
        Assert.Equal("2024-02-01", (string?)node["billingLines"]![0]!["period"]!["start"]);
    }

    [Fact]
    public void ACustomerSnapshotRoundTrips()
    {
        var json = JsonSerializer.Serialize(Customer, Web);
        var back = JsonSerializer.Deserialize<CustomerSnapshot>(json, Web)!;

        Assert.Equal(json, JsonSerializer.Serialize(back, Web));
        Assert.Equal("other_partner", (string?)JsonNode.Parse(json)!["subscriptions"]![1]!["channel"]!["kind"]);
    }

    [Fact]
    public void AnAuditFindingRoundTrips()
    {
        var finding = BlockedUpgradeAudit.Find(DefaultCatalog, Customer).Single(f => f.Reason == BlockReason.SuspendedCopyOfTarget);

        var json = JsonSerializer.Serialize(finding, Web);
        var back = JsonSerializer.Deserialize<BlockedUpgradeFinding>(json, Web)!;

        Assert.Equal(json, JsonSerializer.Serialize(back, Web));
        var node = JsonNode.Parse(json)!;
        Assert.Equal("suspended_copy_of_target", (string?)node["reason"]);
        Assert.Equal("e3", (string?)node["blockingSubscriptionId"]);
        Assert.Equal("upgrade_only", (string?)node["blockedUpgradeTypes"]![0]);
    }

    [Fact]
    public void InvalidIdsAreRefusedWhenReading()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<SubscriptionId>("\"a/b\"", Web));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<CurrencyCode>("\"XYZ\"", Web));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<OfferId>("42", Web));
    }
}
