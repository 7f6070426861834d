using System.Net;
using System.Text.Json;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Functions.Tests.Support;
using CspUpgrades.Storage.Model;
using CspUpgrades.Testing.Azurite;
using Xunit.Abstractions;

namespace CspUpgrades.Functions.Tests.EndToEnd;

/// <summary>
/// Races against real Azurite with the app on the isolated worker: upgrade messages reach ExecuteUpgrade through the
/// local Functions host from the real queue, several at once (competing upgrades, and the same message more than once,
/// as an at-least-once queue delivers it), or against a racing HTTP request; the host retries a failed delivery as
/// Azure does. The outcome is judged by invariants over what storage and the operation API hold once every delivery has
/// ended, not by one interleaving (<see cref="ScaledOutApp"/> has how deliveries are held back and released). Own
/// Azurite: the upgrade queue's name is fixed, and it ends every round empty.
/// </summary>
public sealed class UpgradeRaceTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const string Partner = "partner-a";
    private const string Source = "essentials";

    private ScaledOutApp _app = null!;
    private HttpClient _partner = null!;

    public async Task InitializeAsync()
    {
        _app = await ScaledOutApp.StartAsync(azurite);
        _partner = await _app.Api.ClientForPartnerAsync(Partner);
    }

    public async Task DisposeAsync()
    {
        _partner.Dispose();
        await _app.DisposeAsync();
    }

    [Theory]
    [InlineData("o365-business-premium", "o365-business-premium", 1)]
    [InlineData("o365-business-premium", "o365-enterprise-e3", 1)]
    [InlineData("o365-business-premium", "o365-enterprise-e3", 3)]
    public async Task TwoUpgradesOfOneSubscriptionDeliveredAtOnceEndWithExactlyOneSucceededAndNoHalfState(string firstTarget, string secondTarget, int deliveriesEach)
    {
        for (var round = 0; round < 5; round++)
        {
            var customer = await SeedAsync();
            var (first, firstMessage) = await RequestAsync(customer, firstTarget);
            var (second, secondMessage) = await RequestAsync(customer, secondTarget);

            // Both messages, each as often as an at-least-once queue may hand it out, on the queue together.
            var deliveries = await _app.DeliverAtOnceAsync(
                Enumerable.Repeat(firstMessage, deliveriesEach).Concat(Enumerable.Repeat(secondMessage, deliveriesEach)));

            var operations = new[] { await Steps.FinishedOperationAsync(_partner, first), await Steps.FinishedOperationAsync(_partner, second) };
            var statuses = operations.Select(o => o.GetProperty("status").GetString()).Order().ToList();
            Assert.Equal(["failed", "succeeded"], statuses);
            var winner = operations.Single(o => o.GetProperty("status").GetString() == "succeeded").GetProperty("id").GetString()!;
            var loser = operations.Single(o => o.GetProperty("status").GetString() == "failed");
            var codes = loser.GetProperty("result").GetProperty("upgradeErrors").EnumerateArray().Select(e => e.GetProperty("code").GetString()).ToList();
            output.WriteLine($"round {round}: loser failed with [{string.Join(", ", codes)}]; {deliveries}");
            Assert.NotEmpty(codes);
            Assert.All(codes, code => Assert.Contains(code, new[] { "concurrency_conflicts", "subscription_status_not_active", "target_offer_already_owned" }));
            Assert.Empty(loser.GetProperty("billingLines").EnumerateArray());

            var rows = await Steps.PartitionAsync(_app.Api, Partner, customer.CustomerId);
            Assert.Equal(2, rows.Count(row => TableLayout.IsSubscriptionRow(row.RowKey!))); // The source and one target.
            Assert.DoesNotContain(rows, row => TableLayout.IsClaimRow(row.RowKey!));
            var bills = rows.Where(row => row.RowKey!.StartsWith(TableLayout.BillingPrefix, StringComparison.Ordinal)).ToList();
            Assert.Equal(2, bills.Count);
            Assert.All(bills, bill => Assert.Equal(winner, bill.GetString("OperationId")));
            Assert.Equal(["charge", "credit"], bills.Select(bill => bill.GetString("Kind")).Order());
        }
    }

    [Fact]
    public async Task AnUpgradeRacingAnAddLicensesNeverActsOnAStaleQuantity()
    {
        var outcomes = new List<string>();
        for (var round = 0; round < 10; round++)
        {
            var customer = await SeedAsync();
            var (operation, message) = await RequestAsync(customer, "o365-business-premium");

            HttpResponseMessage? response = null;
            var deliveries = await RaceAsync(round, message, async () => response = await ClientRequests.PostJsonAsync(
                _partner, $"/api/customers/{customer.CustomerId}/subscriptions/{Source}/licenses", new { quantity = 3 }));
            using var licenses = response!;

            var added = licenses.StatusCode == HttpStatusCode.OK;
            var upgrade = await Steps.FinishedOperationAsync(_partner, operation);
            var status = upgrade.GetProperty("status").GetString();
            var upgradeCodes = upgrade.TryGetProperty("result", out var result) && result.ValueKind == JsonValueKind.Object
                ? string.Join(",", result.GetProperty("upgradeErrors").EnumerateArray().Select(e => e.GetProperty("code").GetString()))
                : string.Empty;
            outcomes.Add($"round {round}: licenses {(int)licenses.StatusCode}, upgrade {status} [{upgradeCodes}]; {deliveries}");
            Assert.True(added || licenses.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity,
                $"AddLicenses answered {(int)licenses.StatusCode}: {await licenses.Content.ReadAsStringAsync()}");

            var rows = await Steps.PartitionAsync(_app.Api, Partner, customer.CustomerId);
            Assert.DoesNotContain(rows, row => TableLayout.IsClaimRow(row.RowKey!));
            var bills = rows.Where(row => row.RowKey!.StartsWith(TableLayout.BillingPrefix, StringComparison.Ordinal)).ToList();
            var upgradeBills = bills.Where(bill => bill.GetString("OperationId") == operation).ToList();
            Assert.Equal(added ? 1 : 0, bills.Count - upgradeBills.Count); // One license charge exactly when the licenses were added.

            // Every seat the partner ended with is billed, once: 10 seeded, 3 more if added.
            var seats = 10 + (added ? 3 : 0);
            var subscriptions = rows.Where(row => TableLayout.IsSubscriptionRow(row.RowKey!)).ToList();
            var active = subscriptions.Where(row => row.GetString("Status") == "active").ToList();
            Assert.Equal(seats, active.Sum(row => row.GetInt32("Quantity")));
            if (status == "succeeded")
            {
                var target = Assert.Single(active);
                Assert.NotEqual(TableLayout.SubscriptionRow(new(Source)), target.RowKey);
                Assert.Equal(seats, upgradeBills.Single(bill => bill.GetString("Kind") == "charge").GetInt32("Quantity"));
                Assert.Equal(seats, upgradeBills.Single(bill => bill.GetString("Kind") == "credit").GetInt32("Quantity"));
            }
            else
            {
                Assert.Equal("failed", status);
                Assert.Empty(upgradeBills);
                Assert.Single(subscriptions);
            }
        }

        output.WriteLine(string.Join(Environment.NewLine, outcomes));
    }

    [Fact]
    public async Task AWebhookSuspendingTheSourceMidUpgradeNeverLeavesASucceededUpgradeFromASuspendedSource()
    {
        var outcomes = new List<string>();
        for (var round = 0; round < 10; round++)
        {
            var customer = await SeedAsync();
            var (operation, message) = await RequestAsync(customer, "o365-business-premium");

            var suspension = customer.Subscription(Source, "o365-business-essentials", 10, "5.00", SubscriptionStatus.Suspended);
            HttpResponseMessage? response = null;
            var deliveries = await RaceAsync(round, message, async () => response = await _app.Api.PostEventAsync(suspension));
            using var suspended = response!;
            var eventOutcome = JsonDocument.Parse(await suspended.Content.ReadAsStringAsync()).RootElement.GetProperty("outcome").GetString();

            var upgrade = await Steps.FinishedOperationAsync(_partner, operation);
            var status = upgrade.GetProperty("status").GetString();
            outcomes.Add($"round {round}: event {eventOutcome}, upgrade {status}; {deliveries}");
            var rows = await Steps.PartitionAsync(_app.Api, Partner, customer.CustomerId);
            Assert.DoesNotContain(rows, row => TableLayout.IsClaimRow(row.RowKey!));
            var bills = rows.Where(row => row.RowKey!.StartsWith(TableLayout.BillingPrefix, StringComparison.Ordinal)).ToList();
            var source = Assert.Single(rows, row => row.RowKey == TableLayout.SubscriptionRow(new(Source)));
            if (status == "succeeded")
            {
                // The suspension did not reach the source before the commit: it was stale (it happened before the
                // commit) and the closed source stays as the upgrade left it.
                Assert.NotEqual("applied", eventOutcome);
                Assert.NotEqual("suspended", source.GetString("Status"));
                Assert.Equal(2, bills.Count);
            }
            else
            {
                Assert.Equal("failed", status);
                var codes = upgrade.GetProperty("result").GetProperty("upgradeErrors").EnumerateArray().Select(e => e.GetProperty("code").GetString());
                Assert.Contains("subscription_status_not_active", codes);
                Assert.Equal("applied", eventOutcome);
                Assert.Equal("suspended", source.GetString("Status"));
                Assert.Empty(bills);
                Assert.Single(rows, row => TableLayout.IsSubscriptionRow(row.RowKey!));
            }
        }

        output.WriteLine(string.Join(Environment.NewLine, outcomes));
    }

    /// <summary>
    /// The upgrade's one delivery against <paramref name="other"/>: the upgrade leads in even rounds, the other in odd
    /// ones, held back 0, 5, 15 or 30 ms depending on the round, so the rounds cover both orders and the overlaps.
    /// </summary>
    private Task<DeliveryReport> RaceAsync(int round, string message, Func<Task> other) =>
        _app.RaceAsync(message, other, deliveryLeads: round % 2 == 0, heldBack: TimeSpan.FromMilliseconds(new[] { 0, 5, 15, 30 }[round / 2 % 4]));

    private async Task<CustomerEvents> SeedAsync()
    {
        var customer = new CustomerEvents(Partner, AzuriteFixture.UniqueName("customer"));
        await Steps.SendEventsAsync(_app.Api, customer.Profile(), customer.Subscription(Source, "o365-business-essentials", 10, "5.00"));
        return customer;
    }

    /// <summary>Requests an upgrade of the source and takes its message off the queue: it reaches the host when the test releases it.</summary>
    private async Task<(string OperationId, string Message)> RequestAsync(CustomerEvents customer, string targetOffer)
    {
        var operationId = await Steps.RequestUpgradeAsync(_partner, customer.CustomerId, Source, targetOffer, "upgrade_only");
        return (operationId, await _app.TakeQueuedMessageAsync(operationId));
    }
}
