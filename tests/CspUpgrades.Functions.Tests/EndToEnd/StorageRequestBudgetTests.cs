using System.Net;
using System.Net.Http.Json;
using CspUpgrades.Functions.ExecuteUpgrade;
using CspUpgrades.Functions.Tests.Support;
using CspUpgrades.Storage.Model;
using CspUpgrades.Testing.Azurite;
using CspUpgrades.Testing.Azurite.Requests;

namespace CspUpgrades.Functions.Tests.EndToEnd;

/// <summary>
/// How many storage requests each call costs, recorded on the worker's own storage clients (<see cref="RecordedStorageRequests"/>:
/// every request of the invocation and of writing its result), with the API-key cache warm, as on a busy instance. These numbers are the
/// design's (DESIGN §5: one partition query per check, one transaction per upgrade); a change that adds a request fails
/// here. Own Azurite: requesting an upgrade sends to the upgrade queue.
/// </summary>
public sealed class StorageRequestBudgetTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const string Partner = "partner-a";

    private readonly RecordedStorageRequests _requests = new();
    private WorkerApp _app = null!;
    private HttpClient _partner = null!;

    public async Task InitializeAsync()
    {
        // Events off where the requests are made, so an upgrade's accepted event is not left for the executor to drain: each
        // executor below (events on, or off) then pays only for its own events. With events on a request writes its
        // event inside its existing transaction, so the request counts here are the same either way.
        var settings = new Dictionary<string, string> { ["Security__ApiKeyCacheDuration"] = "00:05:00", ["Events__Enabled"] = "false" };
        _app = await WorkerApp.StartAsync(azurite, settings, _requests.Register);
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

        var mark = _requests.Mark;
        using var response = await _partner.GetAsync(new Uri($"/api/customers/{customer}/subscriptions/essentials/upgrades", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var query = Assert.Single(_requests.Since(mark));
        Assert.Equal(("GET", Partition(customer)), (query.Method, query.PartitionKey));
    }

    [Fact]
    public async Task ListingFiftySubscriptionsCostsOnePartitionQuery()
    {
        var events = new CustomerEvents(Partner, AzuriteFixture.UniqueName("wide"));
        var offers = new[] { "o365-business-essentials", "o365-business", "o365-enterprise-e3", "o365-enterprise-e5" };
        await Steps.SendEventsAsync(_app, [events.Profile(), .. Enumerable.Range(0, 50).Select(n => events.Subscription($"s{n:D2}", offers[n % offers.Length], 10, "5.00"))]);
        var customer = events.CustomerId;

        var mark = _requests.Mark;
        using var response = await _partner.GetAsync(new Uri($"/api/customers/{customer}/subscriptions", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var query = Assert.Single(_requests.Since(mark));
        Assert.Equal(("GET", Partition(customer)), (query.Method, query.PartitionKey));
    }

    [Fact]
    public async Task ExecutingAnUpgradeCostsAClaimASnapshotQueryOneTransactionTheEventDrainTheCustomerListRefreshAndThePendingRowsDelete()
    {
        var upgrade = await QueuedUpgrade.CreateAsync(_app, azurite, _partner, Partner);
        var recorded = await ExecuteAsync(upgrade, eventsEnabled: true);

        Assert.Equal(
            [("POST", false), ("GET", false), ("POST", true), ("GET", false), ("GET", false), ("PUT", false), ("POST", true), ("POST", true), ("DELETE", false)],
            recorded.Select(request => (request.Method, request.Path.EndsWith("/$batch", StringComparison.Ordinal))));
        // After the customer list's refresh, the event drain: the succeeded event and both billing lines appended to the
        // partner's feed, then their outbox rows deleted in the customer's partition.
        Assert.Equal(TableLayout.EventFeedPartition(new CspUpgrades.Domain.Primitives.PartnerId(Partner)), recorded[6].PartitionKey);
        Assert.Equal(Partition(upgrade.CustomerId), recorded[7].PartitionKey);
        AssertRefreshAndPendingDelete(upgrade, [.. recorded.Skip(3).Take(3), recorded[8]]);
        AssertClaimSnapshotAndCommit(upgrade, recorded);
        await upgrade.AssertCommittedExactlyOnceAsync(_app);
    }

    [Fact]
    public async Task WithEventsOffExecutingAnUpgradeCostsWhatItDidBeforeEventsExisted()
    {
        var upgrade = await QueuedUpgrade.CreateAsync(_app, azurite, _partner, Partner);
        var recorded = await ExecuteAsync(upgrade, eventsEnabled: false);

        Assert.Equal(
            [("POST", false), ("GET", false), ("POST", true), ("GET", false), ("GET", false), ("PUT", false), ("DELETE", false)],
            recorded.Select(request => (request.Method, request.Path.EndsWith("/$batch", StringComparison.Ordinal))));
        AssertRefreshAndPendingDelete(upgrade, recorded.Skip(3).ToList());
        AssertClaimSnapshotAndCommit(upgrade, recorded);
        await upgrade.AssertCommittedExactlyOnceAsync(_app);
    }

    private async Task<IReadOnlyList<StorageRequest>> ExecuteAsync(QueuedUpgrade upgrade, bool eventsEnabled)
    {
        var executed = new RecordedStorageRequests();
        var settings = new Dictionary<string, string> { ["Events__Enabled"] = eventsEnabled ? "true" : "false" };
        await using var runner = await _app.StartQueueRunnerAsync(settings, overrideServices: executed.Register);
        var mark = executed.Mark;

        await runner.SendUpgradeMessageAsync(upgrade.MessageText);

        await Eventually.UntilAsync(() => runner.HostLog.Invocations(nameof(ExecuteUpgradeFunction.ExecuteUpgrade)).Count > 0, "ExecuteUpgrade to run");
        var recorded = executed.Since(mark);
        Assert.DoesNotContain(recorded, request => request.IsRetry);
        return recorded;
    }

    // The customer's line in the customer list (its ETag, the customer read again, the conditional write), then, outside the
    // customer's partition, the operation leaves the stuck-operation sweeper's index.
    private static void AssertRefreshAndPendingDelete(QueuedUpgrade upgrade, List<StorageRequest> recorded)
    {
        Assert.Equal(SummaryPartition, recorded[0].PartitionKey);
        Assert.StartsWith($"PartitionKey eq '{Partition(upgrade.CustomerId)}' and (", recorded[1].Filter, StringComparison.Ordinal);
        Assert.Equal(SummaryPartition, recorded[2].PartitionKey);
        Assert.Equal(TableLayout.PendingPartition, recorded[3].PartitionKey);
    }

    // All in the customer's partition (the snapshot query's filter pins it; the counter attributes only filters without any
    // 'or', so it is checked on the filter itself).
    private static void AssertClaimSnapshotAndCommit(QueuedUpgrade upgrade, IReadOnlyList<StorageRequest> recorded)
    {
        var (claim, snapshot, commit) = (recorded[0], recorded[1], recorded[2]);
        Assert.Equal(Partition(upgrade.CustomerId), claim.PartitionKey);
        Assert.StartsWith($"PartitionKey eq '{Partition(upgrade.CustomerId)}' and (", snapshot.Filter, StringComparison.Ordinal);
        Assert.Equal(Partition(upgrade.CustomerId), commit.PartitionKey);
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

    [Fact]
    public async Task ReadingAPageOfASubscriptionsHistoryCostsOneRangeQueryAndAnEmptyFirstPageAPointReadMore()
    {
        var customer = await SeedCustomerAsync();
        var history = new Uri($"/api/customers/{customer}/subscriptions/essentials/operations", UriKind.Relative);
        var empty = await CountAsync(() => _partner.GetStringAsync(history));
        for (var i = 0; i < 3; i++)
        {
            using var added = await ClientRequests.PostJsonAsync(_partner, $"/api/customers/{customer}/subscriptions/essentials/licenses", new { quantity = 1 });
            Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        }

        var mark = _requests.Mark;
        using var page = await _partner.GetAsync(new Uri(history + "?top=2", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var query = Assert.Single(_requests.Since(mark));
        Assert.Equal(("GET", Partition(customer)), (query.Method, query.PartitionKey));
        Assert.Equal(2, empty);
    }

    [Fact]
    public async Task ListingCustomersCostsOneRangeReadPerPage()
    {
        for (var n = 0; n < 5; n++)
        {
            await SeedCustomerAsync();
        }

        string? token = null;
        var pages = 0;
        do
        {
            var mark = _requests.Mark;
            var query = "?top=2" + (token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token));
            var page = await _partner.GetFromJsonAsync<System.Text.Json.JsonElement>(new Uri("/api/customers" + query, UriKind.Relative));
            token = page.GetProperty("continuationToken").GetString();
            var read = Assert.Single(_requests.Since(mark));
            Assert.Equal(("GET", SummaryPartition), (read.Method, read.PartitionKey));
            pages++;
        }
        while (token is not null);

        Assert.True(pages >= 3, $"{pages} pages");
    }

    private async Task<int> CountAsync<T>(Func<Task<T>> call)
    {
        var mark = _requests.Mark;
        await call();
        var recorded = _requests.Since(mark);
        Assert.DoesNotContain(recorded, request => request.IsRetry);
        return recorded.Count;
    }

    private async Task<string> SeedCustomerAsync()
    {
        var customer = new CustomerEvents(Partner, AzuriteFixture.UniqueName("customer"));
        await Steps.SendEventsAsync(_app, customer.Profile(), customer.Subscription("essentials", "o365-business-essentials", 10, "5.00"));
        return customer.CustomerId;
    }

    private static string SummaryPartition => TableLayout.CustomerSummaryPartition(new CspUpgrades.Domain.Primitives.PartnerId(Partner));

    private static string Partition(string customer) => Partner + TableLayout.Separator + customer;
}
