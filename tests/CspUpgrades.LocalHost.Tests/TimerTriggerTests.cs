using System.Net;
using System.Text;

namespace CspUpgrades.LocalHost.Tests;

[Collection(LocalHostCollection.Name)]
public sealed class TimerTriggerTests(LocalHostEnvironment environment)
{
    [Fact]
    public async Task FiresOnItsScheduleResolvedFromSettings()
    {
        var before = Ticks().Count;

        // TickSchedule is "*/2 * * * * *": an occurrence every even second.
        var ticks = await environment.Logs.WaitForAsync(
            e => e.EventId.Id == 11 && Equals(e["Function"], "Tick") && ((string)e["Reason"]!).StartsWith("Timer fired at", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10),
            "two more scheduled ticks",
            before + 2);

        var last = ticks[^1];
        var occurrence = Occurrence(last);
        Assert.Equal(0, occurrence.Second % 2);
        Assert.Equal(0, occurrence.Millisecond);
        Assert.Equal(TimeSpan.FromSeconds(2), occurrence - Occurrence(ticks[^2]));
        // Never before its occurrence; how late it starts is measured by the benchmark (a busy machine makes it later).
        Assert.True(last.Time >= occurrence, $"the run for {occurrence:HH:mm:ss.fff} started at {last.Time:HH:mm:ss.fff}");
        var payload = await environment.Logs.WaitForAsync(
            e => Equals(e["InvocationId"], last["InvocationId"]) && e.Message.Contains("Tick past due", StringComparison.Ordinal),
            TimeSpan.FromSeconds(5),
            "the function's view of the TimerInfo");
        Assert.Contains("Tick past due False", payload[0].Message, StringComparison.Ordinal);
        Assert.DoesNotContain("last 01/01/0001", payload[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunsOneAtATimeAndMarksARunThatCameLateAsPastDue()
    {
        var known = Runs("SlowTick", 12).Count;

        // SlowTick takes 2.5 s on a schedule of every second.
        await environment.Logs.WaitForAsync(e => e.EventId.Id == 12 && Equals(e["Function"], "SlowTick"), TimeSpan.FromSeconds(15), "three more SlowTick runs", known + 3);

        var starts = Runs("SlowTick", 11).ToDictionary(e => (string)e["InvocationId"]!);
        var ends = Runs("SlowTick", 12).Concat(Runs("SlowTick", 13)).ToDictionary(e => (string)e["InvocationId"]!);
        var runs = starts.Values.Where(s => ends.ContainsKey((string)s["InvocationId"]!)).OrderBy(s => s.Time).ToList();
        for (var i = 1; i < runs.Count; i++)
        {
            var previousEnd = ends[(string)runs[i - 1]["InvocationId"]!].Time;
            Assert.True(runs[i].Time >= previousEnd, $"run {i + 1} started at {runs[i].Time:HH:mm:ss.fff} before run {i} ended at {previousEnd:HH:mm:ss.fff}");
        }

        Assert.Contains(environment.Logs.Entries, e => e.Message.Contains("SlowTick started, past due True", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FiresNowThroughTheAdminApi()
    {
        using var response = await environment.Http.PostAsync("admin/functions/tick", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await environment.Logs.WaitForAsync(
            e => e.EventId.Id == 12 && Equals(e["Function"], "Tick")
                && environment.Logs.Entries.Any(s => s.EventId.Id == 11 && Equals(s["InvocationId"], e["InvocationId"]) && ((string)s["Reason"]!).Contains("host APIs", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(10),
            "a successful Tick fired by the admin API");
    }

    private static DateTimeOffset Occurrence(LogEntry started) =>
        DateTimeOffset.Parse(((string)started["Reason"]!)["Timer fired at ".Length..], System.Globalization.CultureInfo.InvariantCulture);

    private IReadOnlyList<LogEntry> Runs(string function, int eventId) =>
        environment.Logs.Where(e => e.EventId.Id == eventId && Equals(e["Function"], function) && (eventId != 11 || ((string)e["Reason"]!).StartsWith("Timer fired at", StringComparison.Ordinal)));

    private IReadOnlyList<LogEntry> Ticks() =>
        environment.Logs.Where(e => e.EventId.Id == 11 && Equals(e["Function"], "Tick") && ((string)e["Reason"]!).StartsWith("Timer fired at", StringComparison.Ordinal));
}
