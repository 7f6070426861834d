using System.IO.Compression;
using System.Reflection;
using System.Text.Json;

namespace CspUpgrades.Bench.Tests;

/// <summary>
/// The benchmark at its smallest (seconds, not minutes), against the app's build output zipped as a deployment package
/// (./bench.sh passes scripts/publish.sh's zip; publishing here would take a minute) under the local Functions host and
/// its own Azurite: it must run to the end, write its JSON, and no use case may make more storage requests than
/// docs/PERFORMANCE.md records (<see cref="RequestBudgets"/>). Timings are printed by ./bench.sh, never asserted here.
/// </summary>
public sealed class BenchSmokeTests : IDisposable
{
    private readonly string _output = Path.Combine(Path.GetTempPath(), "cspupgrades-bench-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task RunsEveryMeasurementWithinTheRecordedStorageRequestsPerUseCase()
    {
        var build = typeof(BenchSmokeTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "FunctionsAppDirectory").Value!;
        Directory.CreateDirectory(_output);
        var package = Path.Combine(_output, "cspupgrades.zip");
        ZipFile.CreateFromDirectory(build, package);

        var (run, path) = await BenchRunner.RunAsync(BenchOptions.Smoke(package, _output), TextWriter.Null);

        var written = JsonSerializer.Deserialize<BenchRun>(await File.ReadAllTextAsync(path), BenchJson.Options);
        Assert.NotNull(written);
        Assert.Equal(run.Measurements.Count, written.Measurements.Count);
        Assert.Equal(
            ["AddLicenses", "CheckUpgradeEligibility", "CheckUpgradeEligibility (50 subscriptions)", "ExecuteUpgrade (the function)",
             "GetSubscription (50 subscriptions)", "ListSubscriptions (50 subscriptions)", "ReceiveSubscriptionEvent", "RequestUpgrade",
             "Upgrade incl. queue (send + host receive/delete + ExecuteUpgrade)"],
            run.RequestCounts.Select(r => r.UseCase).Where(name => !name.StartsWith("AuditBlockedUpgrades", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        // One audit per size in its own table, and one over the eligibility data set.
        Assert.Equal(2, run.RequestCounts.Count(r => r.UseCase.StartsWith("AuditBlockedUpgrades", StringComparison.Ordinal)));
        // The host's queue requests per upgrade depend on timing (batched receives, idle polls): reported, not held here.
        Assert.All(run.RequestCounts.Where(r => !r.UseCase.StartsWith("Upgrade incl. queue", StringComparison.Ordinal)),
            count => Assert.True(count.WithinBudget, $"{count.UseCase}: {count.Measured} storage requests per call, {count.Budget} recorded."));
        Assert.Contains(run.Measurements, m => m.Area == "App process" && m.Name.StartsWith("start to first answer", StringComparison.Ordinal));

        // Where the start went: every phase the host's log marks, from the host's start to the first answer.
        Assert.Equal(
            [StartPhase.HostUp, StartPhase.WorkerBoot, StartPhase.WorkerInit, StartPhase.FunctionsLoaded, StartPhase.WorkerHttp, StartPhase.HostHttp,
             StartPhase.FirstAnswer, StartPhase.FirstInvocation],
            run.Measurements.Where(m => m.Area == StartupBenchmark.PhaseArea).Select(m => m.Name));
        Assert.Contains(run.Measurements, m => m.Area == InvocationHopBenchmark.Area && m.Name.StartsWith("end to end p50", StringComparison.Ordinal) && m.App > 0 && m.Raw > 0);
        Assert.Contains(run.Measurements, m => m.Area == InvocationHopBenchmark.Area && m.Name.StartsWith("invocation round trip p50", StringComparison.Ordinal) && m.App > 0);
        Assert.True(File.Exists(Path.Combine(_output, "cspupgrades", "functions.metadata")), "The package was not unpacked beside the zip.");
        Assert.Contains(run.Measurements, m => m.Area.StartsWith("Upgrade", StringComparison.Ordinal) && m.Raw > 0);
        Assert.Contains(run.Measurements, m => m.Area.StartsWith("Eligibility, 4 callers", StringComparison.Ordinal) && m.Raw > 0);
        // #35: a bearer token's cost beside an API key's, both measured (worker CPU per call and checks/s; never held to a number).
        Assert.Contains(run.Measurements, m => m.Area == CredentialCostBenchmark.Area && m.Name == "worker CPU per call" && m.App > 0 && m.Raw > 0);
        Assert.Contains(run.Measurements, m => m.Area == CredentialCostBenchmark.Area && m.Name == "checks/s" && m.App > 0 && m.Raw > 0);
    }

    public void Dispose()
    {
        if (Directory.Exists(_output))
        {
            Directory.Delete(_output, recursive: true);
        }
    }
}
