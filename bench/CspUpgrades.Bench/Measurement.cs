namespace CspUpgrades.Bench;

/// <summary>
/// One line of the result table: the app's number beside the raw storage baseline's (when there is one), the
/// ratio app/raw, and the target it is held to. <paramref name="Met"/> is null where no target applies.
/// </summary>
internal sealed record Measurement(string Area, string Name, string Unit, double? App, double? Raw = null, string? Target = null, bool? Met = null)
{
    public double? Ratio => App is { } app && Raw is { } raw && raw != 0 ? app / raw : null;
}

/// <summary>
/// Storage requests one call of a use case makes, as the app's counting pipeline policy saw them (averaged over every
/// call in the run); <paramref name="Budget"/> is the count recorded in docs/PERFORMANCE.md (the smoke test fails above
/// it) and <paramref name="ModelMinimum"/> the fewest the table layout allows, with <paramref name="Why"/>.
/// </summary>
internal sealed record RequestCount(string UseCase, double Measured, double Budget, double ModelMinimum, string Why)
{
    public bool WithinBudget => Measured <= Budget + 1e-9;
}

/// <summary>Where the run took place: the numbers mean little without it.</summary>
internal sealed record MachineInfo(string Os, int Cores, string Cpu, double MemoryGiB, string Runtime, string LoadBefore, string LoadAfter);

/// <summary>One run of the benchmark, as written to bench/results/run-{timestamp}.json.</summary>
internal sealed record BenchRun(
    DateTimeOffset StartedAt,
    double WallSeconds,
    MachineInfo Machine,
    IReadOnlyDictionary<string, string> Sizes,
    IReadOnlyList<Measurement> Measurements,
    IReadOnlyList<RequestCount> RequestCounts);
