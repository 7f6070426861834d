namespace CspUpgrades.Bench;

/// <summary>Issue #6, measurement 5 (start-up): from starting the executable to its first answered request.</summary>
internal static class StartupBenchmark
{
    public static async Task RunAsync(BenchContext context, string tableName)
    {
        var starts = new List<double>();
        for (var n = 0; n < context.Options.Starts; n++)
        {
            await using var app = await AppUnderTest.StartAsync(context.Options.App, context.StorageConnectionString, tableName);
            starts.Add(app.StartedIn.TotalMilliseconds);
        }

        context.Log($"cold starts: {string.Join(", ", starts.Select(s => $"{s:0} ms"))}");
        var median = Percentiles.Median(starts);
        context.Measurements.Add(new("App process", $"start to first answer (median of {starts.Count})", "ms", median, null, "< 1,000 ms", median < 1000));
    }
}
