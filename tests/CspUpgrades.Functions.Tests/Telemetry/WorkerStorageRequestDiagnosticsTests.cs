using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CspUpgrades.Functions.AuditBlockedUpgrades;
using CspUpgrades.Functions.CheckUpgradeEligibility;
using CspUpgrades.Functions.ReceiveSubscriptionEvent;
using CspUpgrades.Functions.Settings;
using CspUpgrades.Functions.Telemetry;
using CspUpgrades.Functions.Tests.EndToEnd;
using CspUpgrades.Functions.Tests.Support;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Functions.Tests.Telemetry;

/// <summary>
/// The benchmark's window on the worker's storage requests, through the Functions host: off by default (the route answers
/// as one that does not exist), per function and for every trigger type when on.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class WorkerStorageRequestDiagnosticsTests(AzuriteFixture azurite)
{
    private static readonly Uri Endpoint = new("api/" + StorageRequestDiagnostics.Route, UriKind.Relative);

    [Fact]
    public async Task AnswersAsAnUnknownRouteUnlessTurnedOn()
    {
        await using var worker = await WorkerApp.StartAsync(azurite);
        using var client = worker.CreateClient();

        using var response = await client.GetAsync(Endpoint);
        using var unknown = await client.GetAsync(new Uri("api/diagnostics/no-such-thing", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(
            JsonNode.DeepEquals(await ProblemWithoutTraceIdAsync(unknown), await ProblemWithoutTraceIdAsync(response)),
            "The switched-off report must answer as a route that does not exist.");
    }

    [Fact]
    public async Task CountsTheRequestsOfEveryInvocationPerFunctionWhateverItsTrigger()
    {
        await using var worker = await WorkerApp.StartAsync(azurite, new Dictionary<string, string>
        {
            [AppSettings.StorageRequestDiagnostics] = "true",
            [AppSettings.ApiKeyCacheDuration] = "00:05:00",
        });
        using var partner = await worker.ClientForPartnerAsync("partner-a");
        var customer = new CustomerEvents("partner-a", "contoso");
        await Steps.SendEventsAsync(worker, customer.Profile(), customer.Subscription("essentials", "o365-business-essentials", 10, "5.00"));

        // The first check reads the API key (1, in the partner authentication middleware) and the customer (1); the
        // second finds the key in the cache.
        for (var check = 0; check < 2; check++)
        {
            using var answer = await partner.GetAsync(new Uri("api/customers/contoso/subscriptions/essentials/upgrades", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        // A timer function, fired through the host's admin endpoint as an operator would. Its run is recorded just
        // before the invocation ends, and counted as it ends.
        await worker.RunAuditAsync();
        using var client = worker.CreateClient();
        var report = await Eventually.ReturnsAsync(
            async () => (await client.GetFromJsonAsync<StorageRequestReport>(Endpoint))!,
            report => report.Functions.ContainsKey(nameof(AuditBlockedUpgradesFunction.AuditBlockedUpgrades)),
            "the audit's invocation in the report");

        Assert.Equal(new FunctionStorageRequests(2, 3, 3), report.Functions[nameof(CheckUpgradeEligibilityFunction.CheckUpgradeEligibility)]);
        Assert.Equal(2, report.Functions[nameof(ReceiveSubscriptionEventFunction.ReceiveSubscriptionEvent)].Invocations);
        var audit = report.Functions[nameof(AuditBlockedUpgradesFunction.AuditBlockedUpgrades)];
        Assert.Equal(1, audit.Invocations);
        Assert.True(audit.Requests > 0, "The audit reads the customers and writes its run.");
        Assert.DoesNotContain(GetStorageRequestReportFunction.Name, report.Functions.Keys);
        Assert.True(report.TotalRequests >= report.Functions.Values.Sum(f => f.Requests));
    }

    private static async Task<JsonNode?> ProblemWithoutTraceIdAsync(HttpResponseMessage response)
    {
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        problem.Remove("traceId");
        return problem;
    }
}
