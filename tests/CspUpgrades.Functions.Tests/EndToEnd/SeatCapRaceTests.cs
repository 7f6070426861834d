using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using CspUpgrades.Domain.Catalog;
using CspUpgrades.Functions.Tests.Support;
using CspUpgrades.Storage.Model;
using CspUpgrades.Testing.Azurite;
using Xunit.Abstractions;

namespace CspUpgrades.Functions.Tests.EndToEnd;

/// <summary>
/// The 300-seat Business cap is a customer-wide invariant, so it must hold when changes to <i>different</i>
/// subscriptions of one customer race: two AddLicenses on sibling subscriptions, and AddLicenses against an upgrade
/// that moves seats into the family. The app on the isolated worker under the local Functions host, real Azurite,
/// concurrent requests, and the upgrade's message delivered by the host from the real queue while the request runs
/// (<see cref="ScaledOutApp"/>); judged by what storage holds once every delivery has ended. Own Azurite: the upgrade
/// queue's name is fixed, and it ends every round empty.
/// </summary>
public sealed class SeatCapRaceTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const string Partner = "partner-seats";
    private const int Rounds = 20;

    private static readonly HashSet<string> BusinessFamily =
        ["o365-business", "o365-business-premium", "o365-business-essentials", "o365-business-india", "o365-business-premium-india", "o365-business-essentials-india"];

    private readonly string _catalogPath = Path.Combine(Path.GetTempPath(), $"catalog-{Guid.NewGuid():N}.json");
    private ScaledOutApp _app = null!;
    private HttpClient _partner = null!;

    public async Task InitializeAsync()
    {
        // The shipped catalog has no path into the Business family from outside it; an operator's catalog may (E1 → Business Premium).
        await File.WriteAllTextAsync(_catalogPath, CatalogWithE1ToBusinessPremium());
        _app = await ScaledOutApp.StartAsync(azurite, new Dictionary<string, string> { ["Catalog__Path"] = _catalogPath });
        _partner = await _app.Api.ClientForPartnerAsync(Partner);
    }

    public async Task DisposeAsync()
    {
        _partner.Dispose();
        await _app.DisposeAsync();
        File.Delete(_catalogPath);
    }

    [Fact]
    public async Task TwoAddLicensesOnSiblingSubscriptionsNeverTakeTheFamilyPast300()
    {
        var outcomes = new List<string>();
        for (var round = 0; round < Rounds; round++)
        {
            // 145 + 145 = 290: either 10 fits, both do not.
            var customer = new CustomerEvents(Partner, AzuriteFixture.UniqueName("customer"));
            await Steps.SendEventsAsync(_app.Api, customer.Profile(),
                customer.Subscription("business", "o365-business", 145, "8.25"), customer.Subscription("premium", "o365-business-premium", 145, "12.50"));

            var answers = (await RaceAsync(round,
                () => AddLicensesAsync(customer, "business", 10),
                () => AddLicensesAsync(customer, "premium", 10))).Select(answer => answer!).ToList();

            outcomes.Add($"round {round}: {string.Join(", ", answers.Select(a => a.Describe()))}");
            Assert.Single(answers, answer => answer.Status == HttpStatusCode.OK);
            AssertLoserRefusedForTheCapOrTheRace(answers.Single(answer => answer.Status != HttpStatusCode.OK));
            var rows = await Steps.PartitionAsync(_app.Api, Partner, customer.CustomerId);
            Assert.Equal(300, FamilySeats(rows));
            Assert.Single(Charges(rows));
        }

        output.WriteLine(string.Join(Environment.NewLine, outcomes));
    }

    [Fact]
    public async Task AddLicensesRacingAnUpgradeIntoBusinessPremiumNeverTakesTheFamilyPast300()
    {
        var outcomes = new List<string>();
        for (var round = 0; round < Rounds; round++)
        {
            // 285 Business seats and 10 E1 seats (outside the family): adding 10 Business seats, or moving the 10 E1 seats
            // into Business Premium, each fits (295); both would make 305.
            var customer = new CustomerEvents(Partner, AzuriteFixture.UniqueName("customer"));
            await Steps.SendEventsAsync(_app.Api, customer.Profile(),
                customer.Subscription("business", "o365-business", 285, "8.25"), customer.Subscription("e1", "o365-enterprise-e1", 10, "8.00"));
            var operationId = await Steps.RequestUpgradeAsync(_partner, customer.CustomerId, "e1", "o365-business-premium", "upgrade_only");
            var message = await _app.TakeQueuedMessageAsync(operationId);

            Answer? licenses = null;
            var deliveries = await _app.RaceAsync(
                message, async () => licenses = await AddLicensesAsync(customer, "business", 10), deliveryLeads: round % 2 == 0, heldBack: HeldBack(round));
            var upgrade = await Steps.FinishedOperationAsync(_partner, operationId);
            var upgraded = upgrade.GetProperty("status").GetString() == "succeeded";
            var upgradeCodes = upgraded ? [] : upgrade.GetProperty("result").GetProperty("upgradeErrors").EnumerateArray().Select(e => e.GetProperty("code").GetString()!).ToList();

            outcomes.Add($"round {round}: {licenses!.Describe()}, upgrade {upgrade.GetProperty("status").GetString()} [{string.Join(", ", upgradeCodes)}]; {deliveries}");
            Assert.True(upgraded != (licenses.Status == HttpStatusCode.OK), $"exactly one change should land: {outcomes[^1]}");
            if (upgraded)
            {
                AssertLoserRefusedForTheCapOrTheRace(licenses);
            }
            else
            {
                Assert.Contains(Assert.Single(upgradeCodes), new[] { "seat_limit_exceeded", "concurrency_conflicts" });
            }

            var rows = await Steps.PartitionAsync(_app.Api, Partner, customer.CustomerId);
            Assert.True(FamilySeats(rows) <= 300, $"{FamilySeats(rows)} Business-family seats: {outcomes[^1]}");
            Assert.DoesNotContain(rows, row => TableLayout.IsClaimRow(row.RowKey!));
        }

        output.WriteLine(string.Join(Environment.NewLine, outcomes));
    }

    private static void AssertLoserRefusedForTheCapOrTheRace(Answer loser)
    {
        Assert.True(loser.Status == HttpStatusCode.Conflict, loser.Describe());
        Assert.Contains(loser.Code, new[] { "seat_limit_exceeded", "concurrency_conflicts" });
    }

    private static int FamilySeats(IEnumerable<TableEntity> rows) => rows
        .Where(row => TableLayout.IsSubscriptionRow(row.RowKey!) && row.GetString("Status") != "cancelled" && BusinessFamily.Contains(row.GetString("OfferId")!))
        .Sum(row => row.GetInt32("Quantity") ?? 0);

    private static List<TableEntity> Charges(IEnumerable<TableEntity> rows) =>
        rows.Where(row => row.RowKey!.StartsWith(TableLayout.BillingPrefix, StringComparison.Ordinal)).ToList();

    private async Task<Answer?> AddLicensesAsync(CustomerEvents customer, string subscription, int quantity)
    {
        using var response = await ClientRequests.PostJsonAsync(
            _partner, $"/api/customers/{customer.CustomerId}/subscriptions/{subscription}/licenses", new { quantity });
        var body = await response.Content.ReadAsStringAsync();
        var code = response.StatusCode == HttpStatusCode.OK ? null : JsonDocument.Parse(body).RootElement.GetProperty("code").GetString();
        return new Answer(subscription, response.StatusCode, code);
    }

    /// <summary>Both at once, one held back 0, 5, 15 or 30 ms depending on the round, either side: both orders and the overlaps.</summary>
    private static TimeSpan HeldBack(int round) => TimeSpan.FromMilliseconds(new[] { 0, 0, 5, 15, 30 }[round / 2 % 5]);

    private static async Task<Answer?[]> RaceAsync(int round, Func<Task<Answer?>> first, Func<Task<Answer?>> second)
    {
        var firstLeads = round % 2 == 0;
        return await Task.WhenAll(
            Task.Run(async () => { await Task.Delay(firstLeads ? TimeSpan.Zero : HeldBack(round)); return await first(); }),
            Task.Run(async () => { await Task.Delay(firstLeads ? HeldBack(round) : TimeSpan.Zero); return await second(); }));
    }

    private static string CatalogWithE1ToBusinessPremium()
    {
        using var stream = typeof(OfferCatalog).Assembly.GetManifestResourceStream(OfferCatalog.DefaultResourceName)!;
        var catalog = JsonNode.Parse(stream)!;
        var e1 = catalog["offers"]!.AsArray().Single(offer => (string?)offer!["id"] == "o365-enterprise-e1")!;
        e1["upgradeTargets"] = new JsonArray("o365-business-premium");
        return catalog.ToJsonString();
    }

    private sealed record Answer(string Subscription, HttpStatusCode Status, string? Code)
    {
        public string Describe() => $"{Subscription} {(int)Status}{(Code is null ? string.Empty : " " + Code)}";
    }
}
