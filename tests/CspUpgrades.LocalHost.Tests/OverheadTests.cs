using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace CspUpgrades.LocalHost.Tests;

/// <summary>
/// What the local host adds on top of the worker's own work, measured on this machine (the README quotes a run).
/// The worker's own time is the host's InvocationRequest → InvocationResponse round trip; for HTTP it includes the
/// worker handling the forwarded request, because the worker's HttpUri cannot be called without an invocation.
/// Bounds are generous (a shared 2-core machine): they catch a host that adds seconds, not milliseconds.
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed class OverheadTests(LocalHostEnvironment environment, ITestOutputHelper output)
{
    [Fact]
    public async Task AddsLittleToHttpQueueAndTimerInvocations()
    {
        var ready = environment.Logs.Entries.First(e => e.EventId.Id == 5);
        output.WriteLine($"worker start -> ready: {ready["ElapsedMilliseconds"]} ms");

        // HTTP: end to end through the host vs the invocation round trip.
        await environment.Http.GetStringAsync("api/echo/1");
        var endToEnd = new List<double>();
        var invocation = new List<double>();
        for (var i = 0; i < 30; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            using var response = await environment.Http.GetAsync($"api/echo/{i}?m={i}");
            await response.Content.ReadAsStringAsync();
            endToEnd.Add(stopwatch.Elapsed.TotalMilliseconds);
            response.EnsureSuccessStatusCode();
            var started = await environment.Logs.WaitForAsync(
                e => e.EventId.Id == 11 && Equals(e["Reason"], $"HTTP GET /api/echo/{i}"), TimeSpan.FromSeconds(5), "the HTTP invocation", environment.Logs.Where(e => e.EventId.Id == 11 && Equals(e["Reason"], $"HTTP GET /api/echo/{i}")).Count);
            var done = await environment.Logs.WaitForAsync(e => e.EventId.Id == 12 && Equals(e["InvocationId"], started[^1]["InvocationId"]), TimeSpan.FromSeconds(5), "its end");
            invocation.Add(Convert.ToDouble(done[0]["DurationMilliseconds"], CultureInfo.InvariantCulture));
        }

        var httpOverhead = Median(endToEnd) - Median(invocation);
        output.WriteLine($"HTTP: end to end median {Median(endToEnd):0.0} ms (p90 {P90(endToEnd):0.0}), invocation round trip median {Median(invocation):0.0} ms, host overhead ~{httpOverhead:0.0} ms");

        // Queue: enqueue -> invocation start (polling), and the invocation round trip.
        var pickup = new List<double>();
        var queueInvocation = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var tag = Guid.NewGuid().ToString("N")[..12];
            var sent = DateTimeOffset.UtcNow;
            await environment.WorkQueue.SendMessageAsync($"ok:{tag}");
            var delivered = await environment.Logs.WaitForAsync(e => e.Message.Contains($"Work {tag} delivery", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "the delivery");
            var id = delivered[0]["InvocationId"];
            var started = environment.Logs.Where(e => e.EventId.Id == 11 && Equals(e["InvocationId"], id)).Single();
            var done = await environment.Logs.WaitForAsync(e => e.EventId.Id == 12 && Equals(e["InvocationId"], id), TimeSpan.FromSeconds(5), "its end");
            pickup.Add((started.Time - sent).TotalMilliseconds);
            queueInvocation.Add(Convert.ToDouble(done[0]["DurationMilliseconds"], CultureInfo.InvariantCulture));
            await Task.Delay(700);
        }

        output.WriteLine($"Queue: enqueue -> invocation start median {Median(pickup):0.0} ms (max {pickup.Max():0.0}; polling backs off to maxPollingInterval 500 ms), invocation round trip median {Median(queueInvocation):0.0} ms");

        // Timer: occurrence -> invocation start, and the invocation round trip.
        var lateness = new List<double>();
        var timerInvocation = new List<double>();
        var known = environment.Logs.Where(IsScheduledTick).Count;
        var ticks = await environment.Logs.WaitForAsync(IsScheduledTick, TimeSpan.FromSeconds(10), "three scheduled ticks", known + 3);
        foreach (var tick in ticks.Skip(known))
        {
            var occurrence = DateTimeOffset.Parse(((string)tick["Reason"]!)["Timer fired at ".Length..], CultureInfo.InvariantCulture);
            lateness.Add((tick.Time - occurrence).TotalMilliseconds);
            var done = await environment.Logs.WaitForAsync(e => e.EventId.Id == 12 && Equals(e["InvocationId"], tick["InvocationId"]), TimeSpan.FromSeconds(5), "its end");
            timerInvocation.Add(Convert.ToDouble(done[0]["DurationMilliseconds"], CultureInfo.InvariantCulture));
        }

        output.WriteLine($"Timer: occurrence -> invocation start median {Median(lateness):0.0} ms (max {lateness.Max():0.0}), invocation round trip median {Median(timerInvocation):0.0} ms");

        Assert.InRange(httpOverhead, -50, 250);
        Assert.InRange(Median(pickup), 0, 2000);
        Assert.InRange(Median(lateness), -50, 500);
    }

    private static bool IsScheduledTick(LogEntry e) =>
        e.EventId.Id == 11 && Equals(e["Function"], "Tick") && ((string)e["Reason"]!).StartsWith("Timer fired at", StringComparison.Ordinal);

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static double P90(List<double> values) => values.Order().ElementAt((int)Math.Ceiling(values.Count * 0.9) - 1);
}
