using CspUpgrades.Bench;

// ./bench.sh builds the app and runs this; see docs/PERFORMANCE.md.
if (args is ["summarize", .. var files])
{
    Console.WriteLine(RunSummary.Summarize(files));
    return 0;
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

var (run, path) = await BenchRunner.RunAsync(options, Console.Out);
Console.WriteLine();
Console.WriteLine($"CspUpgrades benchmark, {run.StartedAt:u}, {run.WallSeconds:0} s; {run.Machine.Cores} cores ({run.Machine.Cpu}), load average before {run.Machine.LoadBefore}, after {run.Machine.LoadAfter}");
Console.WriteLine();
Console.WriteLine(ResultTable.Format(run.Measurements, run.RequestCounts));
Console.WriteLine($"JSON: {path}");
return 0;
