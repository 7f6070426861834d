namespace CspUpgrades.Bench;

/// <summary>
/// Issue #6, measurement 5 (start-up), and issue #25's worker start → first answer: from starting the local host on the
/// app to its first answered request, median of <see cref="BenchOptions.Starts"/> cold starts (a new worker process each),
/// and where that time goes, phase by phase from the host's own log (<see cref="StartPhase"/>).
/// </summary>
internal static class StartupBenchmark
{
    public const string Area = "App process";
    public const string PhaseArea = "Start, phase by phase";

    public static async Task RunAsync(BenchContext context, string tableName)
    {
        var starts = new List<double>();
        var phases = new List<StartPhase>();
        for (var n = 0; n < context.Options.Starts; n++)
        {
            await using var app = await AppUnderTest.StartAsync(context.Options.App, context.Storage, tableName);
            starts.Add(app.StartedIn.TotalMilliseconds);
            phases.AddRange(app.StartPhases);
            context.Log($"cold start {n + 1}: {app.StartedIn.TotalMilliseconds:0} ms = {string.Join(" + ", app.StartPhases.Where(p => p.Name != StartPhase.FirstInvocation).Select(p => $"{p.Milliseconds:0}"))}");
        }

        var median = Percentiles.Median(starts);
        context.Measurements.Add(new(Area, $"start to first answer (median of {starts.Count})", "ms", median, null, "< 1,000 ms", median < 1000));

        // Each phase's median over the starts: they add up to about the median start, not exactly.
        foreach (var phase in phases.GroupBy(p => p.Name))
        {
            context.Measurements.Add(new(PhaseArea, phase.Key, "ms", Percentiles.Median(phase.Select(p => p.Milliseconds))));
        }
    }
}
