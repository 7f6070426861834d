using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CspUpgrades.Functions.ExecuteUpgrade;
using CspUpgrades.Functions.Telemetry;
using CspUpgrades.Functions.Tests.EndToEnd;
using CspUpgrades.Functions.Tests.Support;
using CspUpgrades.Functions.Upgrades;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Functions.Tests.Telemetry;

/// <summary>
/// The app's traces and metrics on the isolated worker, seen by listeners in the test process (the worker runs in it,
/// under the local Functions host): one trace from the upgrade request through the real <c>upgrade-requests</c> queue to
/// its execution, and the counters the use cases move. Requests go through an app whose queue functions are off; the
/// message waits in the queue until a second instance on the same table, which runs the queue, gets it from the host.
/// Own Azurite: these tests own the upgrade queue.
/// </summary>
public sealed class TelemetryTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const string Partner = "partner-t";

    private readonly TelemetryRecorder _recorder = new();
    private WorkerApp _app = null!;
    private HttpClient _partner = null!;

    public async Task InitializeAsync()
    {
        _app = await WorkerApp.StartAsync(azurite);
        _partner = await _app.ClientForPartnerAsync(Partner);
    }

    public async Task DisposeAsync()
    {
        _partner.Dispose();
        _recorder.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task TheTraceOfAnUpgradeRequestContinuesInItsExecutionAcrossTheQueue()
    {
        var (traceId, callerSpanId) = (ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom());
        var customer = await SeedCustomerAsync();

        var operationId = await RequestUpgradeAsync(_partner, customer, $"00-{traceId}-{callerSpanId}-01");
        var messageText = await QueuedUpgrade.TakeMessageAsync(azurite, operationId);
        await ExecuteThroughTheHostAsync(messageText, operationId);

        // The request is seen twice in the test process, by the host's listener and by the worker's Kestrel (the host forwards
        // the caller's traceparent): both continue the caller's span, and the message carries the one the function ran in.
        var requests = _recorder.Activities.Where(a => a.Source.Name == TelemetryRecorder.AspNetCoreSource && a.TraceId == traceId).ToList();
        Assert.NotEmpty(requests);
        Assert.All(requests, r => Assert.Equal(callerSpanId, r.ParentSpanId));
        var request = Assert.Single(requests, r => r.Id == UpgradeMessage.FromQueueText(messageText)!.TraceParent);
        var execution = Assert.Single(_recorder.Activities, a =>
            a.OperationName == CspUpgradesTelemetry.ExecuteUpgradeActivity && (string?)a.GetTagItem(CspUpgradesTelemetry.OperationIdTag) == operationId);
        Assert.Equal(traceId, execution.TraceId);
        Assert.Equal(request.SpanId, execution.ParentSpanId);
    }

    [Fact]
    public async Task ASucceededUpgradeCountsOnceAndAddsItsBillingLines()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var customer = await SeedCustomerAsync();
        var operationId = await RequestUpgradeAsync(_partner, customer, $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");

        await ExecuteThroughTheHostAsync(await QueuedUpgrade.TakeMessageAsync(azurite, operationId), operationId);

        Assert.Equal(1, _recorder.Sum("cspupgrades.upgrades", traceId, ("result", "succeeded")));
        Assert.Equal(0, _recorder.Sum("cspupgrades.upgrades", traceId, ("result", "failed")));
        var lines = (await Steps.FinishedOperationAsync(_partner, operationId)).GetProperty("billingLines").EnumerateArray().ToList();
        Assert.Equal(2, lines.Count);
        foreach (var kind in new[] { "credit", "charge" })
        {
            var line = Assert.Single(lines, l => l.GetProperty("kind").GetString() == kind);
            var amount = line.GetProperty("amount");
            Assert.Equal(
                Math.Abs(amount.GetProperty("minorUnits").GetInt64()),
                _recorder.Sum("cspupgrades.billing.amount", traceId, ("kind", kind), ("currency", amount.GetProperty("currency").GetString()!)));
        }
    }

    [Fact]
    public async Task AnEligibilityCheckCountsWhetherTheSubscriptionWasFound()
    {
        var customer = await SeedCustomerAsync();
        var (foundTrace, missingTrace) = (ActivityTraceId.CreateRandom(), ActivityTraceId.CreateRandom());

        using var found = await GetWithTraceAsync($"/api/customers/{customer.CustomerId}/subscriptions/{QueuedUpgrade.Source}/upgrades", foundTrace);
        using var missing = await GetWithTraceAsync($"/api/customers/{customer.CustomerId}/subscriptions/nothing/upgrades", missingTrace);

        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(1, _recorder.Sum("cspupgrades.eligibility.checks", foundTrace, ("outcome", "found")));
        Assert.Equal(0, _recorder.Sum("cspupgrades.eligibility.checks", foundTrace, ("outcome", "not_found")));
        Assert.Equal(1, _recorder.Sum("cspupgrades.eligibility.checks", missingTrace, ("outcome", "not_found")));
    }

    private async Task<CustomerEvents> SeedCustomerAsync()
    {
        var customer = new CustomerEvents(Partner, AzuriteFixture.UniqueName("customer"));
        await Steps.SendEventsAsync(_app, customer.Profile(), customer.Subscription(QueuedUpgrade.Source, "o365-business-essentials", 10, "5.00"));
        return customer;
    }

    /// <summary>Requests an upgrade of the customer's <see cref="QueuedUpgrade.Source"/> in the caller's trace; its operation id.</summary>
    internal static async Task<string> RequestUpgradeAsync(HttpClient partner, CustomerEvents customer, string traceParent)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/customers/{customer.CustomerId}/subscriptions/{QueuedUpgrade.Source}/upgrades")
        {
            Content = JsonContent.Create(new { targetOffer = "o365-business-premium", upgradeType = "upgrade_only" }),
        };
        request.Headers.Add("traceparent", traceParent);
        using var response = await partner.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"The upgrade request answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    private async Task<HttpResponseMessage> GetWithTraceAsync(string path, ActivityTraceId traceId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        return await _partner.SendAsync(request);
    }

    /// <summary>
    /// Puts the upgrade's message back on the queue for a second instance of the app that runs it, and waits for the host
    /// to report one successful ExecuteUpgrade that carried the upgrade out.
    /// </summary>
    private async Task ExecuteThroughTheHostAsync(string messageText, string operationId)
    {
        await using var runner = await _app.StartQueueRunnerAsync();

        await runner.SendUpgradeMessageAsync(messageText);

        var invocation = await Eventually.ReturnsAsync(
            () => Task.FromResult(runner.HostLog.Invocations(nameof(ExecuteUpgradeFunction.ExecuteUpgrade))),
            invocations => invocations.Count > 0,
            $"the host to deliver the message of {operationId}");
        Assert.True(Assert.Single(invocation).Succeeded, runner.HostLog.Recent());
        Assert.Equal([nameof(ExecuteUpgradeOutcome.Succeeded)], runner.HostLog.UpgradeOutcomes(operationId));
    }
}
