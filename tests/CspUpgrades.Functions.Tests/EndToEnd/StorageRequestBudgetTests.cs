using System.Net;
using CspUpgrades.Functions.Tests.Support;
using CspUpgrades.Storage.Diagnostics;
using CspUpgrades.Storage.Model;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Functions.Tests.EndToEnd;

/// <summary>
/// How many storage requests each call costs, counted in-process with the API-key cache warm, as on a busy
/// instance. The counter's scope is an AsyncLocal: it reaches the in-memory server's request only because the
/// test server is told to preserve the execution context (by default it does not). These numbers are the
/// design's (DESIGN §5: one partition query per check, one transaction per upgrade); a change that adds a
/// request fails here. Own Azurite: requesting an upgrade sends to the upgrade queue.
/// </summary>
public sealed class StorageRequestBudgetTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const string Partner = "partner-a";

    private readonly CspUpgradesApp _app = new(azurite, new Dictionary<string, string?> { ["Security:ApiKeyCacheDuration"] = "00:05:00" });
    private HttpClient _partner = null!;

    public async Task InitializeAsync()
    {
        _app.Server.PreserveExecutionContext = true;
        _partner = await _app.ClientForPartnerAsync(Partner);

        // Warm the API-key cache: every measured partner call after this one authenticates from memory.
        using var anyPartnerCall = await _partner.GetAsync(new Uri("/api/operations/none", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, anyPartnerCall.StatusCode);
    }

    public async Task DisposeAsync()
    {
        _partner.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task CheckingEligibilityCostsOnePartitionQuery()
    {
        var customer = await SeedCustomerAsync();

        using var scope = StorageRequestCounter.BeginScope();
        using var response = await _partner.GetAsync(new Uri($"/api/customers/{customer}/subscriptions/essentials/upgrades", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var query = Assert.Single(scope.Recorded);
        Assert.Equal(("GET", Partition(customer)), (query.Method, query.PartitionKey));
        Assert.Equal(1, scope.Requests);
    }

    [Fact]
    public async Task ExecutingAnUpgradeCostsAClaimASnapshotQueryOneTransactionAndThePendingRowsDelete()
    {
        var upgrade = await QueuedUpgrade.CreateAsync(_app, azurite, _partner, Partner);

        using var scope = StorageRequestCounter.BeginScope();
        using var response = await _app.InvokeAsync("ExecuteUpgrade", CspUpgradesApp.QueueEnvelope(upgrade.MessageText));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(4, scope.Requests);
        Assert.Equal(
            [("POST", false), ("GET", false), ("POST", true), ("DELETE", false)],
            scope.Recorded.Select(request => (request.Method, request.Path.EndsWith("/$batch", StringComparison.Ordinal))));
        // The last is outside the customer's partition: the operation leaves the stuck-operation sweeper's index.
        Assert.Equal(TableLayout.PendingPartition, scope.Recorded[3].PartitionKey);
        // All in the customer's partition (the snapshot query's filter pins it; the counter attributes
        // only filters without any 'or', so it is checked on the filter itself).
        var (claim, snapshot, commit) = (scope.Recorded[0], scope.Recorded[1], scope.Recorded[2]);
        Assert.Equal(Partition(upgrade.CustomerId), claim.PartitionKey);
        Assert.StartsWith($"PartitionKey eq '{Partition(upgrade.CustomerId)}' and (", snapshot.Filter, StringComparison.Ordinal);
        Assert.Equal(Partition(upgrade.CustomerId), commit.PartitionKey);
        await upgrade.AssertCommittedExactlyOnceAsync(_app);
    }

    [Fact]
    public async Task RequestingAnUpgradeCostsFiveRequestsSixWithAnIdempotencyKeyAndThreeToReplayItWhileQueued()
    {
        // Read the customer, record the operation (index row, pending row, then its row), queue the message;
        // with a key, first look the key's operation up.
        var customer = await SeedCustomerAsync();
        var withoutKey = await CountAsync(() => Steps.RequestUpgradeAsync(_partner, customer, "essentials", "o365-business-premium", "upgrade_only"));

        var other = await SeedCustomerAsync();
        var withKey = await CountAsync(() => Steps.RequestUpgradeAsync(_partner, other, "essentials", "o365-business-premium", "upgrade_only", idempotencyKey: other));

        // The same key again answers from the recorded operation: its index row, then the operation with its claim;
        // as it is still queued, its message is sent again (the first may have been lost).
        var replay = await CountAsync(() => Steps.RequestUpgradeAsync(_partner, other, "essentials", "o365-business-premium", "upgrade_only", idempotencyKey: other));

        Assert.Equal((5, 6, 3), (withoutKey, withKey, replay));
    }

    [Fact]
    public async Task ReadingAnOperationCostsAnIndexReadAndOneQuery()
    {
        var upgrade = await QueuedUpgrade.CreateAsync(_app, azurite, _partner, Partner);

        var reads = await CountAsync(() => _partner.GetStringAsync(new Uri("/api/operations/" + upgrade.OperationId, UriKind.Relative)));

        Assert.Equal(2, reads);
    }

    private static async Task<int> CountAsync<T>(Func<Task<T>> call)
    {
        using var scope = StorageRequestCounter.BeginScope();
        await call();
        Assert.Equal(0, scope.Retries);
        return scope.Requests;
    }

    private async Task<string> SeedCustomerAsync()
    {
        var customer = new CustomerEvents(Partner, AzuriteFixture.UniqueName("customer"));
        await Steps.SendEventsAsync(_app, customer.Profile(), customer.Subscription("essentials", "o365-business-essentials", 10, "5.00"));
        return customer.CustomerId;
    }

    private static string Partition(string customer) => Partner + TableLayout.Separator + customer;
}
