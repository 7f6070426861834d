using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using CspUpgrades.Functions.AuditBlockedUpgrades;
using CspUpgrades.Functions.Http;
using CspUpgrades.Functions.Tests.Http.Builders;
using CspUpgrades.Functions.Tests.Http.Support;
using CspUpgrades.Storage.Model;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Functions.Tests.Http;

/// <summary>
/// GET /api/customers: the partner's customers a page at a time, each with how many subscriptions can be upgraded now and how
/// many are blocked, from the summary every change to the customer refreshes.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class ListCustomersTests(HttpAppFixture fixture) : IClassFixture<HttpAppFixture>
{
    private const string Path = "/api/customers";

    private static readonly SubscriptionSpec Essentials = new("essentials", "o365-business-essentials");
    private static readonly SubscriptionSpec Premium = new("premium", "o365-business-premium") { UnitPrice = "12.50" };

    [Fact]
    public async Task PagesThroughEveryCustomerExactlyOnceInIdOrder()
    {
        var partner = await fixture.NewPartnerAsync();
        var ids = Enumerable.Range(0, 250).Select(n => $"customer-{n * 7919 % 1000:D3}").ToList();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (id, _) =>
            await partner.ApplyAsync(EventBuilder.CustomerUpdated(partner.Id, id)));

        var pages = new List<IReadOnlyList<string>>();
        string? token = null;
        do
        {
            var page = await partner.GetJsonAsync(Path + "?top=100" + (token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token)));
            pages.Add(page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetString()!).ToList());
            token = page.GetProperty("continuationToken").GetString();
        }
        while (token is not null && pages.Count < 10);

        Assert.Equal([100, 100, 50], pages.Select(page => page.Count));
        Assert.Equal(ids.Order(StringComparer.Ordinal), pages.SelectMany(page => page));
    }

    [Fact]
    public async Task EachLineSaysWhoTheCustomerIsAndCountsItsSubscriptionsAsEligibilityAnswersThem()
    {
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync("contoso", new CustomerSpec { CompanyName = "Contoso Ltd", Country = "DE" },
            Essentials with { Currency = "EUR" },              // upgradable
            Premium.Suspended() with { Currency = "EUR" },     // blocked: its targets cannot be had while suspended
            new SubscriptionSpec("e5", "o365-enterprise-e5") with { Currency = "EUR" },  // no upgrade paths: neither
            new SubscriptionSpec("other", "o365-business").ThroughOtherPartner("Fourth Coffee IT") with { Currency = "USD" });

        var line = Assert.Single((await partner.GetJsonAsync(Path)).GetProperty("items").EnumerateArray());

        Assert.Equal("contoso", line.GetProperty("id").GetString());
        Assert.Equal("Contoso Ltd", line.GetProperty("name").GetString());
        Assert.Equal("DE", line.GetProperty("country").GetString());
        Assert.Equal("EUR", line.GetProperty("currency").GetString());
        Assert.Equal(4, line.GetProperty("subscriptionCount").GetInt32());
        Assert.Equal(await CountsByEligibilityAsync(partner, "contoso", "essentials", "premium", "e5", "other"), await CountsAsync(partner, "contoso"));
        Assert.Equal((1, 2), await CountsAsync(partner, "contoso"));
        Assert.True(line.GetProperty("summaryUpdatedAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [Fact]
    public async Task ACustomerWithoutCountryOrSubscriptionsSaysSo()
    {
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync("quiet");

        var line = Assert.Single((await partner.GetJsonAsync(Path)).GetProperty("items").EnumerateArray());

        Assert.Equal(JsonValueKind.Null, line.GetProperty("country").ValueKind);
        Assert.Equal(JsonValueKind.Null, line.GetProperty("currency").ValueKind);
        Assert.Equal((0, 0, 0), (line.GetProperty("subscriptionCount").GetInt32(), line.GetProperty("upgradableCount").GetInt32(), line.GetProperty("blockedCount").GetInt32()));
    }

    [Fact]
    public async Task AWebhookThatSuspendsASubscriptionMovesItFromUpgradableToBlocked()
    {
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync("contoso", Essentials, Premium);
        Assert.Equal((2, 0), await CountsAsync(partner, "contoso"));

        await partner.ApplyAsync(EventBuilder.SubscriptionUpdated(partner.Id, "contoso", Premium.Suspended()));

        Assert.Equal((1, 1), await CountsAsync(partner, "contoso"));
    }

    [Fact]
    public async Task AddingLicensesRefreshesTheLine()
    {
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync("contoso", Essentials);
        // Seats change no count, so the line is put out of date first (as a crash before an earlier refresh would leave it).
        await fixture.App.Table.UpsertEntityAsync(
            new TableEntity(TableLayout.CustomerSummaryPartition(partner.PartnerId), "contoso") { ["SubscriptionCount"] = 9, ["UpgradableCount"] = 0 },
            TableUpdateMode.Merge);
        var before = await LineAsync(partner, "contoso");
        Assert.Equal(9, before.GetProperty("subscriptionCount").GetInt32());

        using (var added = await partner.PostAsync(Routes.Licenses("contoso", "essentials"), new { quantity = 2 }))
        {
            Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        }

        var after = await LineAsync(partner, "contoso");
        Assert.True(after.GetProperty("summaryUpdatedAt").GetDateTimeOffset() > before.GetProperty("summaryUpdatedAt").GetDateTimeOffset());
        Assert.Equal((1, 1), (after.GetProperty("subscriptionCount").GetInt32(), after.GetProperty("upgradableCount").GetInt32()));
    }

    [Fact]
    public async Task TheDailyAuditPutsBackALineLostBetweenAChangeAndItsRefresh()
    {
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync("contoso", Essentials);
        await fixture.App.Table.DeleteEntityAsync(TableLayout.CustomerSummaryPartition(partner.PartnerId), "contoso");
        Assert.Empty((await partner.GetJsonAsync(Path)).GetProperty("items").EnumerateArray());

        await fixture.App.Service<AuditBlockedUpgradesHandler>().RunAsync(CancellationToken.None);

        Assert.Equal((1, 0), await CountsAsync(partner, "contoso"));
    }

    [Fact]
    public async Task AnotherPartnerSeesNoneOfThem()
    {
        var owner = await fixture.NewPartnerAsync("owner");
        await owner.SeedAsync("contoso", Essentials);
        await owner.SeedAsync("fabrikam", Premium);
        var other = await fixture.NewPartnerAsync("other");
        await other.SeedAsync("northwind", Essentials);

        var seen = (await other.GetJsonAsync(Path)).GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetString());

        Assert.Equal(["northwind"], seen);
    }

    [Fact]
    public async Task ANewPartnerHasAnEmptyLastPage()
    {
        var partner = await fixture.NewPartnerAsync();

        var page = await partner.GetJsonAsync(Path);

        Assert.Empty(page.GetProperty("items").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, page.GetProperty("continuationToken").ValueKind);
    }

    [Theory]
    [InlineData("?top=0", "top")]
    [InlineData("?top=1001", "top")]
    [InlineData("?top=-1", "top")]
    [InlineData("?top=ten", "top")]
    [InlineData("?top=1&top=2", "top")]
    [InlineData("?top=", "top")]
    [InlineData("?continuationToken=", "continuationToken")]
    [InlineData("?continuationToken=not-a-token", "continuationToken")]
    [InlineData("?continuationToken=%25%25%25", "continuationToken")]
    public async Task ABadPagingParameterIsABadRequestNamingIt(string query, string field)
    {
        var partner = await fixture.NewPartnerAsync();

        using var response = await partner.GetAsync(Path + query);

        await ProblemAssert.IsInvalidFieldAsync(response, field);
    }

    [Fact]
    public async Task TopTakesAnyValueFromOneToAThousand()
    {
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync("a");
        await partner.SeedAsync("b");

        var one = await partner.GetJsonAsync(Path + "?top=1");
        var thousand = await partner.GetJsonAsync(Path + "?top=1000");

        Assert.Single(one.GetProperty("items").EnumerateArray());
        Assert.NotNull(one.GetProperty("continuationToken").GetString());
        Assert.Equal(2, thousand.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task ATokenIsRefusedToAnotherPartnerAndAnotherList()
    {
        var owner = await fixture.NewPartnerAsync("owner");
        await owner.SeedAsync("a");
        await owner.SeedAsync("b");
        var token = (await owner.GetJsonAsync(Path + "?top=1")).GetProperty("continuationToken").GetString()!;
        var other = await fixture.NewPartnerAsync("other");
        var foreignList = ContinuationToken.Create(owner.PartnerId, "history|some-subscription", "1!8!YQ--")!;

        using var replayed = await other.GetAsync(Path + "?continuationToken=" + Uri.EscapeDataString(token));
        using var ofAnotherList = await owner.GetAsync(Path + "?continuationToken=" + Uri.EscapeDataString(foreignList));
        var next = await owner.GetJsonAsync(Path + "?top=1&continuationToken=" + Uri.EscapeDataString(token));

        await ProblemAssert.IsInvalidFieldAsync(replayed, "continuationToken");
        await ProblemAssert.IsInvalidFieldAsync(ofAnotherList, "continuationToken");
        Assert.Equal("b", Assert.Single(next.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task ATamperedTokenIsABadRequest()
    {
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync("a");
        await partner.SeedAsync("b");
        var token = (await partner.GetJsonAsync(Path + "?top=1")).GetProperty("continuationToken").GetString()!;
        var json = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));

        foreach (var tampered in new[]
        {
            token[..^2],
            Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json.Replace("\"L\":\"customers\"", "\"L\":\"customerz\"", StringComparison.Ordinal))),
            // Fingerprint and list intact, but what it carries is no customer id.
            ContinuationToken.Create(partner.PartnerId, "customers", "garbage without structure")!,
            ContinuationToken.Create(partner.PartnerId, "customers", "x' or PartitionKey ne '")!,
        })
        {
            using var response = await partner.GetAsync(Path + "?continuationToken=" + Uri.EscapeDataString(tampered));
            await ProblemAssert.IsInvalidFieldAsync(response, "continuationToken");
        }
    }

    [Fact]
    public async Task ATokenDoesNotSayWhosePartnerItIs()
    {
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync("a");
        await partner.SeedAsync("b");
        var token = (await partner.GetJsonAsync(Path + "?top=1")).GetProperty("continuationToken").GetString()!;

        // Decoded, and whatever it carries decoded once more as base64 as well (as Table Storage's own continuations are).
        var decoded = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        var inner = JsonDocument.Parse(decoded).RootElement.GetProperty("K").GetString()!;
        Assert.Equal("a", inner);
        Assert.DoesNotContain(partner.Id, decoded, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutAKeyItIsUnauthorized()
    {
        using var anonymous = fixture.App.CreateClient();
        anonymous.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        using var response = await anonymous.GetAsync(new Uri(Path, UriKind.Relative));

        await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    private static async Task<JsonElement> LineAsync(TestPartner partner, string customer) =>
        (await partner.GetJsonAsync(Path)).GetProperty("items").EnumerateArray().Single(item => item.GetProperty("id").GetString() == customer);

    /// <summary>The counts as CheckUpgradeEligibility's answers give them: available = some option eligible; blocked = options, none eligible.</summary>
    private static async Task<(int Upgradable, int Blocked)> CountsByEligibilityAsync(TestPartner partner, string customer, params string[] subscriptions)
    {
        var (upgradable, blocked) = (0, 0);
        foreach (var subscription in subscriptions)
        {
            var options = (await partner.GetJsonAsync(Routes.Upgrades(customer, subscription))).GetProperty("items").EnumerateArray().ToList();
            upgradable += options.Any(option => option.GetProperty("isEligible").GetBoolean()) ? 1 : 0;
            blocked += options.Count > 0 && !options.Any(option => option.GetProperty("isEligible").GetBoolean()) ? 1 : 0;
        }

        return (upgradable, blocked);
    }

    private static async Task<(int Upgradable, int Blocked)> CountsAsync(TestPartner partner, string customer)
    {
        var line = await LineAsync(partner, customer);
        return (line.GetProperty("upgradableCount").GetInt32(), line.GetProperty("blockedCount").GetInt32());
    }
}
