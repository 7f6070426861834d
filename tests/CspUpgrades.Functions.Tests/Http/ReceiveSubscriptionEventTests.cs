using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.Tests.Http.Builders;
using CspUpgrades.Functions.Tests.Http.Support;
using CspUpgrades.Functions.Tests.Support;
using CspUpgrades.Storage.Model;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Functions.Tests.Http;

/// <summary>POST /api/webhooks/subscription-events: signed (Standard Webhooks), size-capped, applied once per webhook-id.</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class ReceiveSubscriptionEventTests(HttpAppFixture fixture) : IClassFixture<HttpAppFixture>
{
    private const string Customer = "contoso";
    private const string Subscription = "contoso-essentials";
    private static readonly SubscriptionSpec Essentials = new(Subscription, "o365-business-essentials") { Quantity = 25 };

    [Fact]
    public async Task SubscriptionUpdatedCreatesTheSubscriptionAndThenReplacesItsState()
    {
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync(Customer, Essentials);
        Assert.All(await OptionsAsync(partner), option => Assert.True(option.IsEligible));

        await partner.ApplyAsync(EventBuilder.SubscriptionUpdated(partner.Id, Customer, Essentials.Suspended() with { Quantity = 30 }));

        var options = await OptionsAsync(partner);
        Assert.All(options, option => Assert.Equal([UpgradeErrorCodes.SubscriptionStatusNotActive], option.Codes));
        Assert.All(options, option => Assert.Equal(30, option.Quantity));
        Assert.Equal(2L, (await SubscriptionRowAsync(partner))["Version"]);
    }

    [Fact]
    public async Task CustomerUpdatedReplacesTheDelegatedAdminPrivileges()
    {
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync(Customer, Essentials);

        await partner.ApplyAsync(EventBuilder.CustomerUpdated(partner.Id, Customer, new CustomerSpec
        {
            DelegatedServices = ["ExchangeMailbox", "SharePoint", "OneDrive", "Teams", "OfficeWebApps"],
        }));

        var options = await OptionsAsync(partner);
        var e3 = options.First(o => o.Target == "o365-enterprise-e3");
        Assert.Equal([UpgradeErrorCodes.DelegatedAdminPermissionsDisabled], e3.Codes);
        Assert.Equal("missing for: OfficeDesktopApps, ComplianceArchiving", e3.Details.Single());
        Assert.True(options.First(o => o.Target == "o365-enterprise-e1").IsEligible);

        await partner.ApplyAsync(EventBuilder.CustomerUpdated(partner.Id, Customer, CustomerSpec.WithoutDelegatedAdmin));

        Assert.All(await OptionsAsync(partner), option => Assert.Equal([UpgradeErrorCodes.DelegatedAdminPermissionsDisabled], option.Codes));
    }

    [Fact]
    public async Task LicensesAssignedReplacesTheUsersAndASubscriptionUpdateWithoutUsersKeepsThem()
    {
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync(Customer, Essentials with { Users = [EventBuilder.User("old-user", "ExchangeMailbox")] });

        await partner.ApplyAsync(EventBuilder.LicensesAssigned(partner.Id, Customer, Subscription,
            EventBuilder.User("new-user-1", "ExchangeMailbox", "Teams"), EventBuilder.User("new-user-2", "OfficeWebApps")));
        var assigned = await SubscriptionTextAsync(partner);
        await partner.ApplyAsync(EventBuilder.SubscriptionUpdated(partner.Id, Customer, Essentials with { Quantity = 26 }));
        var afterUpdate = await SubscriptionTextAsync(partner);

        Assert.Contains("new-user-1", assigned, StringComparison.Ordinal);
        Assert.Contains("new-user-2", assigned, StringComparison.Ordinal);
        Assert.DoesNotContain("old-user", assigned, StringComparison.Ordinal);
        Assert.Contains("new-user-1", afterUpdate, StringComparison.Ordinal);
        Assert.Contains("new-user-2", afterUpdate, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReplayedWebhookIdIsADuplicateAndChangesNothing()
    {
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync(Customer, Essentials);
        var id = "evt_replayed_" + Guid.NewGuid().ToString("N");
        var suspend = EventBuilder.SubscriptionUpdated(partner.Id, Customer, Essentials.Suspended()).Build();
        using var first = await fixture.App.PostEventAsync(suspend, id);
        Assert.Equal("applied", (await ReceiptAsync(first)).Outcome);
        var snapshot = await TableSnapshot.TakeAsync(fixture.App.Table);

        using var replay = await fixture.App.PostEventAsync(suspend, id);
        using var sameIdOtherContent = await fixture.App.PostEventAsync(
            EventBuilder.SubscriptionUpdated(partner.Id, Customer, Essentials with { Quantity = 99 }).Build(), id);

        Assert.Equal((id, "duplicate"), await ReceiptAsync(replay));
        Assert.Equal((id, "duplicate"), await ReceiptAsync(sameIdOtherContent));
        Assert.Equal(snapshot, await TableSnapshot.TakeAsync(fixture.App.Table));
    }

    [Fact]
    public async Task AnOlderEventAfterANewerOneIsStaleAndChangesNothing()
    {
        var partner = await fixture.NewPartnerAsync();
        var newer = DateTimeOffset.UtcNow.AddMinutes(-1);
        await partner.SeedAsync(Customer);
        await partner.ApplyAsync(EventBuilder.SubscriptionUpdated(partner.Id, Customer, Essentials.Suspended()).OccurredAt(newer));
        var before = await SubscriptionRowAsync(partner);

        using var older = await fixture.App.PostEventAsync(
            EventBuilder.SubscriptionUpdated(partner.Id, Customer, Essentials).OccurredAt(newer.AddHours(-1)).Build());

        Assert.Equal("stale", (await ReceiptAsync(older)).Outcome);
        Assert.Equal(before.ETag, (await SubscriptionRowAsync(partner)).ETag);
        Assert.All(await OptionsAsync(partner), option => Assert.Equal([UpgradeErrorCodes.SubscriptionStatusNotActive], option.Codes));
    }

    [Fact]
    public async Task AnOlderProfileEventIsStaleToo()
    {
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync(Customer, Essentials);
        var newer = DateTimeOffset.UtcNow;
        await partner.ApplyAsync(EventBuilder.CustomerUpdated(partner.Id, Customer, CustomerSpec.WithoutDelegatedAdmin).OccurredAt(newer));

        using var older = await fixture.App.PostEventAsync(
            EventBuilder.CustomerUpdated(partner.Id, Customer).OccurredAt(newer.AddSeconds(-1)).Build());

        Assert.Equal("stale", (await ReceiptAsync(older)).Outcome);
        Assert.All(await OptionsAsync(partner), option => Assert.Equal([UpgradeErrorCodes.DelegatedAdminPermissionsDisabled], option.Codes));
    }

    public static TheoryData<string, Func<SignedWebhook, SignedWebhook>> Unauthenticated => new()
    {
        { "signed with another secret", w => w with { Secret = "whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes("some-other-secret-of-32-bytes!!!")) } },
        { "signed for another id", w => w with { Signature = (w with { Id = "evt_other" }).ComputedSignature } },
        { "signed for another body", w => w with { Signature = (w with { Body = [.. w.Body, (byte)' '] }).ComputedSignature } },
        { "a malformed signature", w => w with { Signature = "v1,not base64!" } },
        { "an unknown signature version", w => w with { Signature = "v2," + w.ComputedSignature[3..] } },
        { "no webhook-id", w => w with { OmitId = true } },
        { "no webhook-timestamp", w => w with { OmitTimestamp = true } },
        { "no webhook-signature", w => w with { OmitSignature = true } },
        { "signed 6 minutes ago", w => w with { SignedAt = DateTimeOffset.UtcNow.AddMinutes(-6) } },
        { "signed 6 minutes ahead", w => w with { SignedAt = DateTimeOffset.UtcNow.AddMinutes(6) } },
    };

    [Theory]
    [MemberData(nameof(Unauthenticated))]
    public async Task RefusesAnUnauthenticatedDeliveryWith401AndStoresNothing(string why, Func<SignedWebhook, SignedWebhook> tamper)
    {
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync(Customer, Essentials);
        var snapshot = await TableSnapshot.TakeAsync(fixture.App.Table);
        var delivery = tamper(SignedWebhook.Of(EventBuilder.SubscriptionUpdated(partner.Id, Customer, Essentials.Suspended()).Build().ToJsonString()));

        using var response = await delivery.SendAsync(fixture.App.CreateClient());

        await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "invalid_signature");
        Assert.True(snapshot.SequenceEqual(await TableSnapshot.TakeAsync(fixture.App.Table)), why);
    }

    [Fact]
    public async Task AcceptsTimestampsWithinFiveMinutesEitherWay()
    {
        var partner = await fixture.NewPartnerAsync();
        var client = fixture.App.CreateClient();

        foreach (var skew in new[] { TimeSpan.FromMinutes(-4.5), TimeSpan.FromMinutes(4.5) })
        {
            var delivery = SignedWebhook.Of(EventBuilder.CustomerUpdated(partner.Id, Customer).Build().ToJsonString()) with { SignedAt = DateTimeOffset.UtcNow + skew };
            using var response = await delivery.SendAsync(client);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task AcceptsThePreviousSecretDuringRotation()
    {
        var previous = "whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes("the-previous-secret-of-32-bytes!"));
        await using var app = await WorkerApp.StartAsync(fixture.Azurite, new Dictionary<string, string> { ["Webhooks__PreviousSecret"] = previous });
        using var client = app.CreateClient();
        var body = EventBuilder.CustomerUpdated("partner-rotation", Customer).Build().ToJsonString();

        using var withPrevious = await (SignedWebhook.Of(body) with { Secret = previous }).SendAsync(client);
        using var withCurrent = await SignedWebhook.Of(body).SendAsync(client);
        using var withNeither = await (SignedWebhook.Of(body) with { Secret = "whsec_" + Convert.ToBase64String(new byte[32]) }).SendAsync(client);

        Assert.Equal(HttpStatusCode.OK, withPrevious.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withCurrent.StatusCode);
        await ProblemAssert.IsAsync(withNeither, HttpStatusCode.Unauthorized, "invalid_signature");
    }

    [Fact]
    public async Task RefusesABodyOverTheCapWith413BeforeCheckingTheSignature()
    {
        var partner = await fixture.NewPartnerAsync();
        var snapshot = await TableSnapshot.TakeAsync(fixture.App.Table);
        var huge = EventBuilder.CustomerUpdated(partner.Id, Customer, new CustomerSpec { CompanyName = new string('x', 300 * 1024) }).Build().ToJsonString();

        using var signed = await SignedWebhook.Of(huge).SendAsync(fixture.App.CreateClient());
        using var unsigned = await (SignedWebhook.Of(huge) with { OmitSignature = true }).SendAsync(fixture.App.CreateClient());

        await ProblemAssert.IsAsync(signed, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        await ProblemAssert.IsAsync(unsigned, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        Assert.Equal(snapshot, await TableSnapshot.TakeAsync(fixture.App.Table));
    }

    [Fact]
    public async Task RefusesABodyThatIsNotJsonWith415()
    {
        var partner = await fixture.NewPartnerAsync();
        var delivery = SignedWebhook.Of(EventBuilder.CustomerUpdated(partner.Id, Customer).Build().ToJsonString()) with { ContentType = "text/plain" };

        using var response = await delivery.SendAsync(fixture.App.CreateClient());

        await ProblemAssert.IsAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    public static TheoryData<string, JsonNode?, string> InvalidFields => new()
    {
        { "type", "subscription.deleted", "type" },
        { "partnerId", null, "partnerId" },
        { "partnerId", "a|b", "partnerId" },
        { "customerId", "x' or PartitionKey ne '", "customerId" },
        { "occurredAt", null, "occurredAt" },
        { "subscription", null, "subscription" },
        { "subscription.id", "../../profile", "subscription.id" },
        { "subscription.offerId", null, "subscription.offerId" },
        { "subscription.quantity", -1, "subscription.quantity" },
        { "subscription.termEnd", "2020-01-01", "subscription.termEnd" },
        // Found by the fuzzer (these were applied): terms outside 2000-2100, amounts that are not plain decimals.
        { "subscription.termStart", "1900-01-01", "subscription.termEnd" },
        { "subscription.termEnd", "9999-12-31", "subscription.termEnd" },
        { "subscription.unitPrice.amount", "5.00 ", "subscription.unitPrice" },
        { "subscription.unitPrice.amount", "+5.00", "subscription.unitPrice" },
        { "subscription.unitPrice.amount", "5.", "subscription.unitPrice" },
        { "subscription.unitPrice.amount", "4.001", "subscription.unitPrice" },
        { "subscription.unitPrice.amount", "-4.00", "subscription.unitPrice" },
        { "subscription.unitPrice.currency", "XYZ", "subscription.unitPrice" },
        // Found from the outside: this price was stored, and adding 10,000 seats then overflowed into a 500.
        { "subscription.unitPrice.amount", "90000000000000000.00", "subscription.unitPrice" },
        { "subscription.unitPrice.amount", "1000000.01", "subscription.unitPrice" },
        { "subscription.quantity", 1_000_001, "subscription.quantity" },
        { "subscription.channel.partnerId", "not a partner id", "subscription.channel.partnerId" },
        { "subscription.addOns", new JsonArray("bad id!"), "subscription.addOns" },
        { "subscription.assignedUsers", new JsonArray(new JsonObject { ["userObjectId"] = "" }), "subscription.assignedUsers" },
    };

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public async Task RefusesAnInvalidFieldWith400NamingIt(string path, JsonNode? value, string field)
    {
        var partner = await fixture.NewPartnerAsync();
        var snapshot = await TableSnapshot.TakeAsync(fixture.App.Table);
        var builder = EventBuilder.SubscriptionUpdated(partner.Id, Customer, Essentials);
        builder = value is null ? builder.Remove(path) : builder.Set(path, value);

        using var response = await fixture.App.PostEventAsync(builder.Build());

        await ProblemAssert.IsInvalidFieldAsync(response, field);
        Assert.Equal(snapshot, await TableSnapshot.TakeAsync(fixture.App.Table));
    }

    [Fact]
    public async Task RefusesAProfileEventWithoutDelegatedAdminAndALicenseEventWithoutSubscription()
    {
        var partner = await fixture.NewPartnerAsync();

        using var profile = await fixture.App.PostEventAsync(EventBuilder.CustomerUpdated(partner.Id, Customer).Remove("customer.delegatedAdmin").Build());
        using var licenses = await fixture.App.PostEventAsync(EventBuilder.LicensesAssigned(partner.Id, Customer, Subscription).Remove("licenses.subscriptionId").Build());

        await ProblemAssert.IsInvalidFieldAsync(profile, "customer.delegatedAdmin");
        await ProblemAssert.IsInvalidFieldAsync(licenses, "licenses.subscriptionId");
    }

    [Theory]
    [InlineData("de")]
    [InlineData("DEU")]
    [InlineData("D")]
    [InlineData("Ä1")]
    public async Task RefusesACountryThatIsNotATwoLetterCodeWith400NamingIt(string country)
    {
        var partner = await fixture.NewPartnerAsync();
        var snapshot = await TableSnapshot.TakeAsync(fixture.App.Table);

        using var response = await fixture.App.PostEventAsync(EventBuilder.CustomerUpdated(partner.Id, Customer, new CustomerSpec { Country = country }).Build());

        await ProblemAssert.IsInvalidFieldAsync(response, "customer.country");
        Assert.Equal(snapshot, await TableSnapshot.TakeAsync(fixture.App.Table));
    }

    [Theory]
    [InlineData("subscription.status", "deleted")]
    [InlineData("subscription.channel.kind", "reseller")]
    [InlineData("subscription.surprise", true)]
    // Found by the fuzzer (these were applied): enums as numbers, numbers as strings.
    [InlineData("subscription.status", 1)]
    [InlineData("subscription.channel.kind", 0)]
    [InlineData("subscription.billingCycle", "1")]
    [InlineData("subscription.quantity", "30")]
    public async Task RefusesAValueOfTheWrongShapeWith400NamingItsPath(string path, object value)
    {
        var partner = await fixture.NewPartnerAsync();
        var json = EventBuilder.SubscriptionUpdated(partner.Id, Customer, Essentials).Set(path, JsonValue.Create(value)).Build();

        using var response = await fixture.App.PostEventAsync(json);

        await ProblemAssert.IsMalformedAtAsync(response, path);
    }

    [Fact]
    public async Task RefusesLicensesForAnUnknownSubscriptionWith422AndStoresNothing()
    {
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync(Customer, Essentials);
        var snapshot = await TableSnapshot.TakeAsync(fixture.App.Table);

        using var response = await fixture.App.PostEventAsync(
            EventBuilder.LicensesAssigned(partner.Id, Customer, "not-synced-yet", EventBuilder.User("u1", "Teams")).Build());

        await ProblemAssert.IsAsync(response, HttpStatusCode.UnprocessableEntity, "unknown_subscription");
        Assert.Equal(snapshot, await TableSnapshot.TakeAsync(fixture.App.Table));
    }

    private static async Task<(string EventId, string Outcome)> ReceiptAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        var receipt = JsonDocument.Parse(body).RootElement;
        return (receipt.GetProperty("eventId").GetString()!, receipt.GetProperty("outcome").GetString()!);
    }

    private async Task<TableEntity> SubscriptionRowAsync(TestPartner partner)
    {
        var row = await fixture.App.Table.GetEntityIfExistsAsync<TableEntity>(
            TableLayout.CustomerPartition(partner.PartnerId, new CustomerId(Customer)), TableLayout.SubscriptionRow(new SubscriptionId(Subscription)));
        Assert.True(row.HasValue);
        return row.Value!;
    }

    private async Task<string> SubscriptionTextAsync(TestPartner partner) =>
        string.Join("\n", (await SubscriptionRowAsync(partner)).Select(property => $"{property.Key}={property.Value}"));

    private static async Task<List<Option>> OptionsAsync(TestPartner partner) =>
        (await partner.GetJsonAsync(Routes.Upgrades(Customer, Subscription))).GetProperty("items").EnumerateArray().Select(item => new Option(
            item.GetProperty("targetOffer").GetProperty("id").GetString()!,
            item.GetProperty("isEligible").GetBoolean(),
            item.GetProperty("quantity").GetInt32(),
            item.GetProperty("upgradeErrors").EnumerateArray().Select(e => e.GetProperty("code").GetString()!).ToList(),
            item.GetProperty("upgradeErrors").EnumerateArray().Select(e => e.GetProperty("additionalDetails").GetString()!).ToList())).ToList();

    private sealed record Option(string Target, bool IsEligible, int Quantity, List<string> Codes, List<string> Details);
}
