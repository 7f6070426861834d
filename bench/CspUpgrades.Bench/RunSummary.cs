using System.Text.Json;

namespace CspUpgrades.Bench;

/// <summary><c>summarize run-1.json run-2.json …</c>: the median of every number over the runs, as one table.</summary>
internal static class RunSummary
{
    public static string Summarize(IReadOnlyList<string> files)
    {
        var runs = files.Select(file => JsonSerializer.Deserialize<BenchRun>(File.ReadAllText(file), BenchJson.Options)
            ?? throw new InvalidDataException($"{file} holds no run.")).ToList();
        var measurements = runs.SelectMany(run => run.Measurements)
            .GroupBy(m => (m.Area, m.Name, m.Unit))
            .Select(group => new Measurement(group.Key.Area, group.Key.Name, group.Key.Unit,
                Median(group.Select(m => m.App)), Median(group.Select(m => m.Raw)), group.First().Target,
                group.All(m => m.Met is null) ? null : group.Count(m => m.Met == true) * 2 > group.Count()))
            .ToList();
        var requests = runs.SelectMany(run => run.RequestCounts)
            .GroupBy(r => r.UseCase)
            .Select(group => group.First() with { Measured = Percentiles.Median(group.Select(r => r.Measured)) })
            .ToList();
        var header = $"Medians of {runs.Count} runs: " + string.Join(", ", runs.Select(r => $"{r.StartedAt:u} (load {r.Machine.LoadBefore}, {r.WallSeconds:0} s)"))
            + Environment.NewLine + $"Machine: {runs[0].Machine.Cpu}, {runs[0].Machine.Cores} cores, {runs[0].Machine.MemoryGiB} GiB, {runs[0].Machine.Os}"
            + Environment.NewLine + "Met: the target was met in most runs (a ratio of medians can differ from the median ratio)." + Environment.NewLine + Environment.NewLine;
        return header + ResultTable.Format(measurements, requests);
    }

    private static double? Median(IEnumerable<double?> values)
    {
        var present = values.Where(v => v is not null).Select(v => v!.Value).ToList();
        return present.Count == 0 ? null : Percentiles.Median(present);
    }
}

internal static class BenchJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
