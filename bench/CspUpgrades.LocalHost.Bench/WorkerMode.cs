using CspUpgrades.LocalHost.FixtureApp;
using CspUpgrades.Testing.Worker;

namespace CspUpgrades.LocalHost.Bench;

/// <summary>How the host runs the fixture app's worker: as a process from worker.config.json, or inside this process.</summary>
internal sealed record WorkerMode(string Name, Func<InProcessWorkerStarter?> Starter)
{
    public static readonly WorkerMode Process = new("process", () => null);

    public static readonly WorkerMode InProcess = new(
        "in-process",
        () => new InProcessWorkerApp(typeof(FixtureApplication).Assembly, FixtureApplication.CreateBuilder).StartAsync);
}
