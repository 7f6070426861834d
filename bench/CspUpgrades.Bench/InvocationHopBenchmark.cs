using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CspUpgrades.Bench;

/// <summary>
/// Issue #25: what the host → worker hop costs one invocation. GET /api/health is the app's function that does nothing
/// (no storage, no key: it answers a constant), so what a call of it takes is the hop and the pipelines around it, not
/// the function. One call at a time, warmed up:
/// <list type="bullet">
/// <item>end to end, as the client sees it, through the host and the worker, beside the raw baseline: the same answer
/// from a bare ASP.NET Core endpoint on loopback (one HTTP round trip, no host, no worker);</item>
/// <item>the invocation round trip as the host sees it: from its "Executing" (the InvocationRequest goes out and the
/// request is forwarded to the worker's HTTP port) to its "Executed" (the InvocationResponse is back), timestamped as
/// the host logs them: gRPC both ways, the forwarded request, the worker's middleware and the function;</item>
/// <item>the host's own HTTP part: end to end minus that round trip.</item>
/// </list>
/// </summary>
internal static class InvocationHopBenchmark
{
    public const string Area = "Host → worker hop (GET /api/health)";
    private const string Function = "GetHealth";
    private static readonly Uri Health = new("/api/health", UriKind.Relative);

    public static async Task RunAsync(BenchContext context, AppUnderTest app)
    {
        var calls = context.Options.HopCalls;
        await CallAsync(app.Http, Health, Math.Min(calls, 50));
        var recording = app.Log.Record(Function);
        List<double> endToEnd;
        try
        {
            endToEnd = await CallAsync(app.Http, Health, calls);
        }
        finally
        {
            app.Log.StopRecording();
        }

        var raw = await RawBaselineAsync(calls);
        var roundTrips = recording.RoundTripsMilliseconds;
        if (roundTrips.Count == 0)
        {
            throw new InvalidOperationException($"The host logged no {Function} invocation. Host log:\n{app.Output()}");
        }

        var (p50, p95) = (Percentile(endToEnd, 50), Percentile(endToEnd, 95));
        var (rawP50, rawP95) = (Percentile(raw, 50), Percentile(raw, 95));
        var (tripP50, tripP95) = (Percentile(roundTrips, 50), Percentile(roundTrips, 95));
        context.Log($"hop: {calls} GET /api/health end to end p50 {p50:0.00} ms, p95 {p95:0.00} ms (bare endpoint {rawP50:0.00}/{rawP95:0.00} ms); invocation round trip p50 {tripP50:0.00} ms, p95 {tripP95:0.00} ms");
        context.Measurements.Add(new(Area, "end to end p50 (raw: bare ASP.NET Core endpoint)", "ms", p50, rawP50));
        context.Measurements.Add(new(Area, "end to end p95 (raw: bare ASP.NET Core endpoint)", "ms", p95, rawP95));
        context.Measurements.Add(new(Area, "added by host + worker, p50 (end to end − raw)", "ms", p50 - rawP50));
        context.Measurements.Add(new(Area, "invocation round trip p50 (InvocationRequest → InvocationResponse)", "ms", tripP50));
        context.Measurements.Add(new(Area, "invocation round trip p95", "ms", tripP95));
        context.Measurements.Add(new(Area, "host's own HTTP part, p50 (end to end − round trip)", "ms", p50 - tripP50));
    }

    /// <summary>Sequential calls, each timed from sending to the last byte of its answer.</summary>
    private static async Task<List<double>> CallAsync(HttpClient http, Uri uri, int calls)
    {
        var times = new List<double>(calls);
        for (var n = 0; n < calls; n++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await http.GetAsync(uri);
            await response.Content.ReadAsByteArrayAsync();
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"GET {uri} answered {(int)response.StatusCode}.");
            }
        }

        return times;
    }

    /// <summary>The same answer from a bare ASP.NET Core endpoint in this process, on loopback, warmed up as the app is.</summary>
    private static async Task<List<double>> RawBaselineAsync(int calls)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        await using var server = builder.Build();
        server.MapGet("/api/health", () => Results.Ok(new { status = "healthy" }));
        await server.StartAsync();
        try
        {
            var address = server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var http = new HttpClient { BaseAddress = new Uri(address) };
            await CallAsync(http, Health, Math.Min(calls, 50));
            return await CallAsync(http, Health, calls);
        }
        finally
        {
            await server.StopAsync();
        }
    }

    private static double Percentile(IEnumerable<double> values, double percentile) => Percentiles.Of([.. values.Order()], percentile);
}
