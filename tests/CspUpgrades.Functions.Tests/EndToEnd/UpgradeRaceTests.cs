using CspUpgrades.Storage.Clients;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Functions.Hosting;
using CspUpgrades.Functions.Tests.Support;
using CspUpgrades.Storage.Model;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Azure.Data.Tables;
using CspUpgrades.Testing.Azurite;
using Xunit.Abstractions;

namespace CspUpgrades.Functions.Tests.EndToEnd;

/// <summary>
/// Races against real Azurite with the real app: messages are delivered concurrently with host-shaped envelopes
/// (and redelivered on a 500, as the host would), and the outcome is judged by invariants over what storage holds,
/// not by one interleaving. Own Azurite: the upgrade queue's name is fixed.
/// </summary>
public sealed class UpgradeRaceTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const string Partner = "partner-a";
    private const string Source = "essentials";

    private readonly CspUpgradesApp _app = new(azurite);
    private HttpClient _partner = null!;

    public async Task InitializeAsync() => _partner = await _app.ClientForPartnerAsync(Partner);

    public async Task DisposeAsync()
    {
        _partner.Dispose();
        await _app.DisposeAsync();
    }

    [Theory]
    [InlineData("o365-business-premium", "o365-business-premium")]
    [InlineData("o365-business-premium", "o365-enterprise-e3")]
    public async Task TwoUpgradesOfOneSubscriptionDeliveredAtOnceEndWithExactlyOneSucceededAndNoHalfState(string firstTarget, string secondTarget)
    {
        for (var round = 0; round < 5; round++)
        {
            var customer = await SeedAsync();
            var first = await Steps.RequestUpgradeAsync(_partner, customer.CustomerId, Source, firstTarget, "upgrade_only");
            var second = await Steps.RequestUpgradeAsync(_partner, customer.CustomerId, Source, secondTarget, "upgrade_only");
            var messages = await TakeMessagesAsync(first, second);

            await Task.WhenAll(messages.Select(DeliverUntilAnsweredAsync));

            var operations = new[] { await OperationAsync(first), await OperationAsync(second) };
            var statuses = operations.Select(o => o.GetProperty("status").GetString()).Order().ToList();
            Assert.Equal(["failed", "succeeded"], statuses);
            var winner = operations.Single(o => o.GetProperty("status").GetString() == "succeeded").GetProperty("id").GetString()!;
            var loser = operations.Single(o => o.GetProperty("status").GetString() == "failed");
            var codes = loser.GetProperty("result").GetProperty("upgradeErrors").EnumerateArray().Select(e => e.GetProperty("code").GetString()).ToList();
            output.WriteLine($"round {round}: loser failed with [{string.Join(", ", codes)}]");
            Assert.NotEmpty(codes);
            Assert.All(codes, code => Assert.Contains(code, new[] { "concurrency_conflicts", "subscription_status_not_active", "target_offer_already_owned" }));
            Assert.Empty(loser.GetProperty("billingLines").EnumerateArray());

            var rows = await Steps.PartitionAsync(_app, Partner, customer.CustomerId);
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
            var operation = await Steps.RequestUpgradeAsync(_partner, customer.CustomerId, Source, "o365-business-premium", "upgrade_only");
            var message = Assert.Single(await TakeMessagesAsync(operation));

            HttpResponseMessage? response = null;
            await RaceAsync(round, () => DeliverUntilAnsweredAsync(message), async () => response = await CspUpgradesApp.PostJsonAsync(
                _partner, $"/api/customers/{customer.CustomerId}/subscriptions/{Source}/licenses", new { quantity = 3 }));
            using var licenses = response!;

            var added = licenses.StatusCode == HttpStatusCode.OK;
            var upgrade = await OperationAsync(operation);
            var status = upgrade.GetProperty("status").GetString();
            var upgradeCodes = upgrade.TryGetProperty("result", out var result) && result.ValueKind == JsonValueKind.Object
                ? string.Join(",", result.GetProperty("upgradeErrors").EnumerateArray().Select(e => e.GetProperty("code").GetString()))
                : string.Empty;
            outcomes.Add($"licenses {(int)licenses.StatusCode}, upgrade {status} {upgradeCodes}");
            Assert.True(added || licenses.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity,
                $"AddLicenses answered {(int)licenses.StatusCode}: {await licenses.Content.ReadAsStringAsync()}");

            var rows = await Steps.PartitionAsync(_app, Partner, customer.CustomerId);
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
            var operation = await Steps.RequestUpgradeAsync(_partner, customer.CustomerId, Source, "o365-business-premium", "upgrade_only");
            var message = Assert.Single(await TakeMessagesAsync(operation));

            var suspension = customer.Subscription(Source, "o365-business-essentials", 10, "5.00", SubscriptionStatus.Suspended);
            HttpResponseMessage? response = null;
            await RaceAsync(round, () => DeliverUntilAnsweredAsync(message), async () => response = await _app.PostEventAsync(suspension));
            using var suspended = response!;
            var eventOutcome = JsonDocument.Parse(await suspended.Content.ReadAsStringAsync()).RootElement.GetProperty("outcome").GetString();

            var upgrade = await OperationAsync(operation);
            var status = upgrade.GetProperty("status").GetString();
            outcomes.Add($"event {eventOutcome}, upgrade {status}");
            var rows = await Steps.PartitionAsync(_app, Partner, customer.CustomerId);
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
    /// Starts both at once, one of them held back a little depending on the round (0, 5, 15 or 30 ms, either side),
    /// so the rounds cover both orders and the overlaps between them.
    /// </summary>
    private static async Task RaceAsync(int round, Func<Task> upgrade, Func<Task> other)
    {
        var delay = TimeSpan.FromMilliseconds(new[] { 0, 5, 15, 30 }[round / 2 % 4]);
        var upgradeFirst = round % 2 == 0;
        await Task.WhenAll(
            Task.Run(async () => { await Task.Delay(upgradeFirst ? TimeSpan.Zero : delay); await upgrade(); }),
            Task.Run(async () => { await Task.Delay(upgradeFirst ? delay : TimeSpan.Zero); await other(); }));
    }

    private async Task<CustomerEvents> SeedAsync()
    {
        var customer = new CustomerEvents(Partner, AzuriteFixture.UniqueName("customer"));
        await Steps.SendEventsAsync(_app, customer.Profile(), customer.Subscription(Source, "o365-business-essentials", 10, "5.00"));
        return customer;
    }

    private Task<JsonElement> OperationAsync(string operationId) =>
        _partner.GetFromJsonAsync<JsonElement>(new Uri("/api/operations/" + operationId, UriKind.Relative));

    /// <summary>As the host: a delivery that answers 500 is delivered again (up to host.json's five times).</summary>
    private async Task DeliverUntilAnsweredAsync(string messageText)
    {
        for (var dequeueCount = 1; dequeueCount <= 5; dequeueCount++)
        {
            using var response = await _app.InvokeAsync("ExecuteUpgrade", CspUpgradesApp.QueueEnvelope(messageText, dequeueCount));
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            output.WriteLine($"delivery {dequeueCount} answered {(int)response.StatusCode}; redelivering");
        }

        Assert.Fail("The message failed five deliveries.");
    }

    private async Task<IReadOnlyList<string>> TakeMessagesAsync(params string[] operationIds)
    {
        var queue = new QueueClient(azurite.ConnectionString, FunctionManifest.UpgradeQueue, StorageClientDefaults.QueueOptions());
        var taken = new Dictionary<string, string>();
        await Eventually.UntilAsync(async () =>
        {
            foreach (var message in await queue.ReceiveAsync(32, TimeSpan.FromMinutes(10)))
            {
                if (operationIds.FirstOrDefault(id => message.MessageText.Contains(id, StringComparison.Ordinal)) is { } id)
                {
                    taken[id] = message.MessageText;
                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                }
            }

            return taken.Count == operationIds.Length;
        }, "the upgrade messages");
        return [.. operationIds.Select(id => taken[id])];
    }
}
