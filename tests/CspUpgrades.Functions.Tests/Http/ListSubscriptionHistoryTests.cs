using System.Net;
using System.Text.Json;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.ExecuteUpgrade;
using CspUpgrades.Functions.Http;
using CspUpgrades.Functions.Tests.EndToEnd;
using CspUpgrades.Functions.Tests.Http.Builders;
using CspUpgrades.Functions.Tests.Http.Support;
using CspUpgrades.Functions.Tests.Support;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Functions.Tests.Http;

/// <summary>
/// GET /api/customers/{customerId}/subscriptions/{subscriptionId}/operations: the upgrades and license additions that touched
/// a subscription, newest first, paged. Upgrades are carried out by a second instance that runs the queue functions, started
/// once the test has arranged what the upgrade will find.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class ListSubscriptionHistoryTests(HttpAppFixture fixture) : IClassFixture<HttpAppFixture>
{
    private const string Customer = "contoso";
    private const string Source = "contoso-essentials";

    /// <summary>Three seats, three users: an upgrade_only of one seat leaves two seats for three users, so one license error.</summary>
    private static readonly SubscriptionSpec Essentials = new(Source, "o365-business-essentials")
    {
        Quantity = 3,
        Users =
        [
            new UserSpec("user-ada", "Ada", "ada@contoso.example", "ExchangeMailbox"),
            new UserSpec("user-bob", "Bob", "bob@contoso.example", "ExchangeMailbox"),
            new UserSpec("user-cy", "Cy", "cy@contoso.example", "ExchangeMailbox", "Teams"),
        ],
    };

    private static readonly object UpgradeOneSeat = new { targetOffer = "o365-enterprise-e1", upgradeType = "upgrade_only", quantity = 1 };

    [Fact]
    public async Task ShowsAnUpgradeBetweenTwoLicenseAdditionsNewestFirstWithTheirBillingLinesAndLicenseErrors()
    {
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync(Customer, Essentials);
        var firstCharge = await AddLicensesAsync(partner, 2);
        // Three of the five seats: two stay for three users, so one user is left to reassign by hand.
        var upgrade = await RequestUpgradeAsync(partner, new { targetOffer = "o365-enterprise-e1", upgradeType = "upgrade_only", quantity = 3 });
        var operation = (await ExecuteAsync(partner, upgrade))[0];
        Assert.Equal("succeeded", operation.GetProperty("status").GetString());
        var secondCharge = await AddLicensesAsync(partner, 3);

        var page = await partner.GetJsonAsync(Routes.History(Customer, Source));

        Assert.Equal(JsonValueKind.Null, page.GetProperty("continuationToken").ValueKind);
        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(
            [("licenseAddition", 3), ("upgrade", 3), ("licenseAddition", 2)],
            items.Select(item => (item.GetProperty("kind").GetString(), item.GetProperty("quantity").GetInt32())));
        Assert.All(items, item => Assert.Equal("succeeded", item.GetProperty("status").GetString()));
        Assert.True(
            items.Select(item => item.GetProperty("createdAt").GetDateTimeOffset()).SequenceEqual(
                items.Select(item => item.GetProperty("createdAt").GetDateTimeOffset()).OrderDescending()),
            "newest first");

        // Each license addition with the charge it answered, nothing else.
        AssertJsonEqual(secondCharge, Assert.Single(items[0].GetProperty("billingLines").EnumerateArray()));
        AssertJsonEqual(firstCharge, Assert.Single(items[2].GetProperty("billingLines").EnumerateArray()));
        Assert.Empty(items[0].GetProperty("licenseErrors").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, items[0].GetProperty("targetOffer").ValueKind);

        // The upgrade as GetUpgradeOperation reports it: target, type, credit and charge, the user left without a seat.
        var entry = items[1];
        Assert.Equal(upgrade, entry.GetProperty("operationId").GetString());
        Assert.Equal("o365-enterprise-e1", entry.GetProperty("targetOffer").GetString());
        Assert.Equal("upgrade_only", entry.GetProperty("upgradeType").GetString());
        Assert.Equal(Source, entry.GetProperty("sourceSubscriptionId").GetString());
        Assert.Equal(SubscriptionId.ForUpgradeTarget(new OperationId(upgrade)).Value, entry.GetProperty("targetSubscriptionId").GetString());
        AssertJsonEqual(operation.GetProperty("billingLines"), entry.GetProperty("billingLines"));
        Assert.Equal(["credit", "charge"], entry.GetProperty("billingLines").EnumerateArray().Select(line => line.GetProperty("kind").GetString()));
        AssertJsonEqual(operation.GetProperty("result").GetProperty("licenseErrors"), entry.GetProperty("licenseErrors"));
        Assert.Equal("user-cy", Assert.Single(entry.GetProperty("licenseErrors").EnumerateArray()).GetProperty("userObjectId").GetString());
        Assert.Empty(entry.GetProperty("upgradeErrors").EnumerateArray());
        Assert.Equal(operation.GetProperty("completedAt").GetDateTimeOffset(), entry.GetProperty("completedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task TheTargetSubscriptionShowsTheUpgradeThatCreatedIt()
    {
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync(Customer, Essentials);
        var upgrade = await RequestUpgradeAsync(partner, UpgradeOneSeat);
        await ExecuteAsync(partner, upgrade);
        var target = SubscriptionId.ForUpgradeTarget(new OperationId(upgrade)).Value;

        var onTarget = await partner.GetJsonAsync(Routes.History(Customer, target));
        var onSource = await partner.GetJsonAsync(Routes.History(Customer, Source));

        var entry = Assert.Single(onTarget.GetProperty("items").EnumerateArray());
        Assert.Equal(upgrade, entry.GetProperty("operationId").GetString());
        Assert.Equal(target, entry.GetProperty("targetSubscriptionId").GetString());
        AssertJsonEqual(Assert.Single(onSource.GetProperty("items").EnumerateArray()), entry);
    }

    [Fact]
    public async Task AnUpgradeShowsAsQueuedUntilItRunsThenAsFailedWithItsReasons()
    {
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync(Customer, Essentials);
        var upgrade = await RequestUpgradeAsync(partner, new { targetOffer = "o365-enterprise-e1", upgradeType = "upgrade_only" });

        var queued = Assert.Single((await partner.GetJsonAsync(Routes.History(Customer, Source))).GetProperty("items").EnumerateArray());
        Assert.Equal(("upgrade", "queued"), (queued.GetProperty("kind").GetString(), queued.GetProperty("status").GetString()));
        Assert.Equal(JsonValueKind.Null, queued.GetProperty("completedAt").ValueKind);
        // All seats were asked for: how many is fixed when the upgrade runs.
        Assert.Equal(JsonValueKind.Null, queued.GetProperty("quantity").ValueKind);

        // Suspended after it was accepted and before it runs: the execution refuses it.
        await partner.ApplyAsync(EventBuilder.SubscriptionUpdated(partner.Id, Customer, Essentials.Suspended()));
        await ExecuteAsync(partner, upgrade);

        var failed = Assert.Single((await partner.GetJsonAsync(Routes.History(Customer, Source))).GetProperty("items").EnumerateArray());
        Assert.Equal((upgrade, "failed"), (failed.GetProperty("operationId").GetString(), failed.GetProperty("status").GetString()));
        Assert.Equal("subscription_status_not_active", Assert.Single(failed.GetProperty("upgradeErrors").EnumerateArray()).GetProperty("code").GetString());
        Assert.Empty(failed.GetProperty("billingLines").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, failed.GetProperty("targetSubscriptionId").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, failed.GetProperty("completedAt").ValueKind);
        Assert.Equal(queued.GetProperty("createdAt").GetDateTimeOffset(), failed.GetProperty("createdAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task TopOneWalksEveryEntryExactlyOnceAndTheLastPageSaysSo()
    {
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync(Customer, Essentials);
        for (var seats = 1; seats <= 4; seats++)
        {
            await AddLicensesAsync(partner, seats);
        }

        var all = (await partner.GetJsonAsync(Routes.History(Customer, Source))).GetProperty("items").EnumerateArray()
            .Select(item => item.GetProperty("operationId").GetString()!).ToList();
        Assert.Equal(4, all.Count);

        foreach (var top in new[] { 1, 3, 4 })
        {
            var (walked, pages) = await WalkAsync(partner, top);
            Assert.Equal(all, walked);
            Assert.Equal((all.Count + top - 1) / top, pages);
        }
    }

    [Fact]
    public async Task ASubscriptionWithoutHistoryIsAnEmptyLastPage()
    {
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync(Customer, Essentials);

        var page = await partner.GetJsonAsync(Routes.History(Customer, Source));

        Assert.Empty(page.GetProperty("items").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, page.GetProperty("continuationToken").ValueKind);
    }

    [Theory]
    [InlineData("?top=0", "top")]
    [InlineData("?top=1001", "top")]
    [InlineData("?top=ten", "top")]
    [InlineData("?top=1&top=2", "top")]
    [InlineData("?continuationToken=not-a-token", "continuationToken")]
    [InlineData("?continuationToken=", "continuationToken")]
    public async Task BadPagingParametersAreABadRequestNamingThem(string query, string parameter)
    {
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync(Customer, Essentials);

        using var response = await partner.GetAsync(Routes.History(Customer, Source) + query);

        await ProblemAssert.IsInvalidFieldAsync(response, parameter);
    }

    [Fact]
    public async Task ATokenIsRefusedByAnotherSubscriptionAnotherCustomerAndAnotherPartner()
    {
        var partner = await fixture.NewPartnerAsync();
        var other = await fixture.NewPartnerAsync("other");
        var sibling = Essentials with { Id = "contoso-sibling" };
        foreach (var owner in new[] { partner, other })
        {
            await owner.SeedAsync(Customer, Essentials, sibling);
            await owner.SeedAsync("fabrikam", Essentials);
        }

        await AddLicensesAsync(partner, 1);
        await AddLicensesAsync(partner, 1);
        var token = (await partner.GetJsonAsync(Routes.History(Customer, Source) + "?top=1")).GetProperty("continuationToken").GetString()!;
        var query = "?continuationToken=" + token;

        using var ownNext = await partner.GetAsync(Routes.History(Customer, Source) + query);
        Assert.Equal(HttpStatusCode.OK, ownNext.StatusCode);
        foreach (var (who, path) in new[]
        {
            (partner, Routes.History(Customer, sibling.Id)),
            (partner, Routes.History("fabrikam", Source)),
            (other, Routes.History(Customer, Source)),
        })
        {
            using var response = await who.GetAsync(path + query);
            await ProblemAssert.IsInvalidFieldAsync(response, "continuationToken");
        }
    }

    [Fact]
    public async Task ATokenForThisListThatDoesNotNameAPositionInItIsRefused()
    {
        // A token carries no secret: one rebuilt by hand for this partner and list reads back, and must still say where to go on.
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync(Customer, Essentials);
        var forged = ContinuationToken.Create(partner.PartnerId, $"history|{Customer}|{Source}", "not a position");

        using var response = await partner.GetAsync(Routes.History(Customer, Source) + "?continuationToken=" + forged);

        await ProblemAssert.IsInvalidFieldAsync(response, "continuationToken");
    }

    [Fact]
    public async Task AnotherPartnersOrAnUnknownSubscriptionIsNotFound()
    {
        var owner = await fixture.NewPartnerAsync("owner");
        await owner.SeedAsync(Customer, Essentials);
        await AddLicensesAsync(owner, 1);
        var intruder = await fixture.NewPartnerAsync("intruder");
        await intruder.SeedAsync(Customer, Essentials with { Id = "their-own" });

        foreach (var (who, path) in new[]
        {
            (intruder, Routes.History(Customer, Source)),
            (intruder, Routes.History("nobody", Source)),
            (owner, Routes.History(Customer, "nothing-here")),
        })
        {
            using var response = await who.GetAsync(path);
            await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, "not_found");
        }
    }

    [Theory]
    [InlineData("/api/customers/con~toso/subscriptions/contoso-essentials/operations", "customerId")]
    [InlineData("/api/customers/contoso/subscriptions/sub~1/operations", "subscriptionId")]
    public async Task AMalformedIdIsABadRequestNamingIt(string path, string field)
    {
        var partner = await fixture.NewPartnerAsync();

        using var response = await partner.GetAsync(path);

        await ProblemAssert.IsInvalidFieldAsync(response, field);
    }

    private static async Task<(List<string> Walked, int Pages)> WalkAsync(TestPartner partner, int top)
    {
        var walked = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var query = $"?top={top}" + (token is null ? string.Empty : "&continuationToken=" + token);
            var page = await partner.GetJsonAsync(Routes.History(Customer, Source) + query);
            var items = page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("operationId").GetString()!).ToList();
            Assert.InRange(items.Count, 1, top);
            walked.AddRange(items);
            token = page.GetProperty("continuationToken").GetString();
            pages++;
        }
        while (token is not null);

        return (walked, pages);
    }

    private static async Task<JsonElement> AddLicensesAsync(TestPartner partner, int quantity)
    {
        using var response = await partner.PostAsync(Routes.Licenses(Customer, Source), new { quantity });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("charge").Clone();
    }

    private static async Task<string> RequestUpgradeAsync(TestPartner partner, object body)
    {
        using var response = await partner.PostAsync(Routes.Upgrades(Customer, Source), body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Takes the upgrades' messages off the queue, lets a second instance run them, and returns each as finished.</summary>
    private async Task<IReadOnlyList<JsonElement>> ExecuteAsync(TestPartner partner, params string[] operationIds)
    {
        var probe = new UpgradeQueueProbe(fixture.Azurite);
        var messages = new List<string>();
        foreach (var id in operationIds)
        {
            messages.Add(Assert.Single(await probe.TakeMessageTextsOfAsync(id)));
        }

        await using var runner = await fixture.App.StartQueueRunnerAsync();
        foreach (var message in messages)
        {
            await runner.SendUpgradeMessageAsync(message);
        }

        var finished = new List<JsonElement>();
        foreach (var id in operationIds)
        {
            finished.Add(await Steps.FinishedOperationAsync(partner.Client, id));
        }

        Assert.All(runner.HostLog.Invocations(nameof(ExecuteUpgradeFunction.ExecuteUpgrade)), invocation => Assert.True(invocation.Succeeded));
        return finished;
    }

    private static void AssertJsonEqual(JsonElement expected, JsonElement actual) =>
        Assert.True(JsonElement.DeepEquals(expected, actual), $"expected {expected}\n  actual {actual}");
}
