using System.Diagnostics;
using System.Text;
using CspUpgrades.Functions.Composition;
using CspUpgrades.Functions.Settings;
using CspUpgrades.Functions.Tests.EndToEnd;
using CspUpgrades.Functions.Tests.Support;
using CspUpgrades.LocalHost;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Functions.Tests.Telemetry;

/// <summary>
/// What the app exports when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> names a collector (here <see cref="OtlpReceiver"/>, over
/// OTLP/HTTP): one trace for an upgrade — the request that queued it and its execution after the queue hop — and the app's
/// metrics, under the service name <c>cspupgrades-functions</c>. The worker runs as its own process under the local host,
/// as deployed: OpenTelemetry's instrumentation is process-wide, and in the test process it would see every other test's
/// requests. A second app in the test process, on the same table, creates the partner's key and seeds the customer.
/// Own Azurite: these tests own the upgrade queue.
/// </summary>
public sealed class TelemetryExportTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Partner = "partner-otlp";

    [Fact]
    public async Task ExportsAnUpgradesTraceAcrossTheQueueAndTheAppsMetricsOverOtlp()
    {
        await using var collector = await OtlpReceiver.StartAsync();
        await using var seeder = await WorkerApp.StartAsync(azurite);
        using var seeded = await seeder.ClientForPartnerAsync(Partner);
        var customer = new CustomerEvents(Partner, AzuriteFixture.UniqueName("customer"));
        await Steps.SendEventsAsync(seeder, customer.Profile(), customer.Subscription(QueuedUpgrade.Source, "o365-business-essentials", 10, "5.00"));
        await using var host = await StartWorkerProcessAsync(seeder.TableName, collector.Endpoint);
        using var partner = new HttpClient { BaseAddress = host.BaseAddress };
        partner.DefaultRequestHeaders.Add("X-Api-Key", seeded.DefaultRequestHeaders.GetValues("X-Api-Key"));
        var traceId = ActivityTraceId.CreateRandom();

        var operationId = await TelemetryTests.RequestUpgradeAsync(partner, customer, $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        var operation = await Steps.FinishedOperationAsync(partner, operationId);

        Assert.Equal("succeeded", operation.GetProperty("status").GetString());
        var traceIdBytes = Convert.FromHexString(traceId.ToHexString());
        await Eventually.UntilAsync(
            () => collector.Exports("traces").Any(body => Contains(body, traceIdBytes) && Contains(body, "ExecuteUpgrade") && Contains(body, operationId)),
            "the upgrade's execution span, in the request's trace, at the collector");
        await Eventually.UntilAsync(
            () => collector.Exports("metrics").Any(body => Contains(body, "cspupgrades.upgrades")),
            "the upgrade counter at the collector");
        var ofTheUpgrade = collector.Exports("traces").Where(body => Contains(body, traceIdBytes)).ToList();
        Assert.Contains(ofTheUpgrade, body => Contains(body, "/subscriptions/{subscriptionId}/upgrades") || Contains(body, $"/subscriptions/{QueuedUpgrade.Source}/upgrades"));
        Assert.All(ofTheUpgrade, body => Assert.True(Contains(body, TelemetryRegistration.ServiceName), "an export without the app's service name"));
    }

    /// <summary>The app's build output under the local host, the worker a process of its own that exports to <paramref name="collector"/>.</summary>
    private Task<LocalFunctionsHost> StartWorkerProcessAsync(string tableName, Uri collector) =>
        WorkerApp.StartWorkerProcessAsync(azurite, tableName, new Dictionary<string, string>
        {
            [WorkerApp.MaxPollingIntervalSetting] = "00:00:00.100",
            [AppSettings.OtlpEndpoint] = collector.AbsoluteUri.TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",

            // Export within a fraction of a second, not the default 5 s (spans) and 60 s (metrics).
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
        });

    private static bool Contains(byte[] body, string text) => Contains(body, Encoding.UTF8.GetBytes(text));

    private static bool Contains(byte[] body, byte[] part) => body.AsSpan().IndexOf(part) >= 0;
}
