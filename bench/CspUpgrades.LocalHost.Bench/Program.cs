using System.Diagnostics;
using CspUpgrades.LocalHost.Bench;
using CspUpgrades.Testing.Azurite;

// ./bench.sh --localhost builds the fixture app and this, then runs it.
var app = Argument("--app");
var output = Argument("--out") ?? Path.Combine("bench", "results");
if (app is null || !File.Exists(Path.Combine(app, "functions.metadata")))
{
    Console.Error.WriteLine("Usage: CspUpgrades.LocalHost.Bench --app <the fixture app's build output (functions.metadata, worker.config.json)> [--out bench/results]");
    return 2;
}

var time = TimeProvider.System;
var startedAt = time.GetUtcNow();
var wall = Stopwatch.StartNew();
var loadBefore = MachineInfo.LoadAverage();
var azurite = new AzuriteFixture();
await azurite.InitializeAsync();
List<ModeResult> modes = [];
try
{
    var benchmark = new ModeBenchmark(azurite.ConnectionString, Path.GetFullPath(app), time, Console.Out);
    foreach (var mode in new[] { WorkerMode.Process, WorkerMode.InProcess })
    {
        modes.Add(await benchmark.RunAsync(mode));
    }
}
finally
{
    await azurite.DisposeAsync();
}

var run = new LocalHostRun(startedAt, Math.Round(wall.Elapsed.TotalSeconds), await MachineInfo.DescribeAsync(loadBefore), modes);
var path = await run.SaveAsync(output);
Console.WriteLine();
Console.WriteLine($"Local host benchmark (the fixture app), {run.StartedAt:u}, {run.WallSeconds:0} s; {run.Machine.Cores} cores, dotnet {run.Machine.DotnetVersion}, {run.Machine.Os}; load average before {run.Machine.LoadBefore}, after {run.Machine.LoadAfter}");
Console.WriteLine();
Console.WriteLine(ResultTable.Format(modes));
Console.WriteLine($"JSON: {path}");
return 0;

string? Argument(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}
