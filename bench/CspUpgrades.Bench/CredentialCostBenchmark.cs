using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace CspUpgrades.Bench;

/// <summary>
/// Issue #35: what a bearer token costs a call beside an API key. Eligibility checks one at a time, in alternating blocks
/// with the partner's API key and with an Entra ID access token of its tenant (signed by a test issuer on loopback and
/// validated by the worker as in Azure: signature, issuer of its own tenant, audience, lifetime; then the tenant's partner),
/// every cache warm (signing keys, key and tenant lookups). The worker's CPU time per call (the kernel's account of the
/// worker process, read through <see cref="Process.TotalProcessorTime"/>) is what the credential adds; checks/s and p50
/// beside it, where Azurite's query dominates. The token is the "app" column, the key the "raw" one: the ratio is token/key.
/// </summary>
internal static class CredentialCostBenchmark
{
    public const string Area = "Eligibility by credential, 1 caller (app: bearer token, raw: API key)";

    // Alternating blocks even out drift (the machine's other load, the worker's tiering) between the two credentials.
    private const int Block = 10;

    public static async Task RunAsync(BenchContext context, AppUnderTest app, CustomerData customer, string bearerToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(customer);
        var uri = new Uri($"/api/customers/{customer.Id}/subscriptions/{customer.Subscriptions[0].Id}/upgrades", UriKind.Relative);
        using var tokenClient = new HttpClient { BaseAddress = app.Http.BaseAddress, Timeout = app.Http.Timeout };
        tokenClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);

        // Warm: the first token call fetches the signing keys and reads the tenant; the first key call is cached already.
        var key = new Tally();
        var token = new Tally();
        await CallAsync(app.Http, uri, Block, app.ProcessId, new Tally());
        await CallAsync(tokenClient, uri, Block, app.ProcessId, new Tally());

        var blocks = Math.Max(1, context.Options.Samples * 2 / Block);
        for (var n = 0; n < blocks; n++)
        {
            await CallAsync(app.Http, uri, Block, app.ProcessId, key);
            await CallAsync(tokenClient, uri, Block, app.ProcessId, token);
        }

        context.Log($"credential cost: {key.Calls} checks each way, worker CPU per call key {key.CpuPerCallMs:0.00} ms, token {token.CpuPerCallMs:0.00} ms; "
            + $"checks/s key {key.PerSecond:0.0}, token {token.PerSecond:0.0}");
        context.Measurements.Add(new(Area, "worker CPU per call", "ms", token.CpuPerCallMs, key.CpuPerCallMs));
        context.Measurements.Add(new(Area, "worker CPU added by the token, per call", "ms", token.CpuPerCallMs - key.CpuPerCallMs));
        context.Measurements.Add(new(Area, "checks/s", "/s", token.PerSecond, key.PerSecond));
        context.Measurements.Add(new(Area, "p50", "ms", token.P50Ms, key.P50Ms));
    }

    private static async Task CallAsync(HttpClient http, Uri uri, int calls, int workerProcessId, Tally tally)
    {
        using var worker = Process.GetProcessById(workerProcessId);
        var cpuBefore = worker.TotalProcessorTime;
        for (var n = 0; n < calls; n++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await http.GetAsync(uri);
            await response.Content.LoadIntoBufferAsync();
            tally.Times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"Eligibility check answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        }

        worker.Refresh();
        tally.Cpu += worker.TotalProcessorTime - cpuBefore;
    }

    private sealed class Tally
    {
        public List<double> Times { get; } = [];

        public TimeSpan Cpu { get; set; }

        public int Calls => Times.Count;

        public double CpuPerCallMs => Cpu.TotalMilliseconds / Calls;

        public double PerSecond => Calls / (Times.Sum() / 1000);

        public double P50Ms => Percentiles.Of(Times.Order().ToList(), 50);
    }
}
