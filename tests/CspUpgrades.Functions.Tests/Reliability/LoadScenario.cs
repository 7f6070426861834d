using CspUpgrades.Domain.Catalog;
using CspUpgrades.Functions.Tests.Support;
using CspUpgrades.Testing.Azurite;
using CspUpgrades.Testing.Azurite.Faults;

namespace CspUpgrades.Functions.Tests.Reliability;

/// <summary>
/// One reliability run end to end: the app as an isolated worker under the local Functions host, serving the partners'
/// requests and running the real upgrade queue, with faulty storage under its own clients; a seeded
/// <see cref="UpgradeLoad"/> under the given faults; then a <see cref="Reconciliation"/> of the table and the
/// poisoned messages the host logged.
/// </summary>
public static class LoadScenario
{
    public const string Partner = "partner-load";

    private static readonly Dictionary<string, string> Settings = new()
    {
        // A delivery that failed (a fault the app's own retries did not absorb) comes back after a second; at once, it
        // would spend its five deliveries within the same fault burst.
        [WorkerApp.VisibilityTimeoutSetting] = "00:00:01",
        ["Security__ApiKeyCacheDuration"] = "00:05:00",
    };

    public static async Task<LoadReport> RunAsync(AzuriteFixture azurite, LoadPlan plan, StorageFaultRates faults, TimeSpan finishWithin)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var transport = FaultyStorage.Transport(plan.Seed);
        await using var app = await WorkerApp.StartAsync(azurite, Settings, services => FaultyStorage.Install(services, transport), processQueues: true);
        using var partner = await app.ClientForPartnerAsync(Partner);
        var load = new UpgradeLoad(app, azurite, partner, Partner, plan);
        await load.SeedAsync();

        transport.Faults = faults;
        var attemptsBefore = transport.Attempts;
        var outcome = await load.RunAsync(finishWithin);
        transport.Faults = StorageFaultRates.None;

        var reconciliation = new Reconciliation(app.Table, app.Service<OfferCatalog>(), Partner);
        await reconciliation.CheckAsync(outcome.Accepted, load.Customers);
        return new LoadReport(plan, faults, outcome, reconciliation, app.HostLog.PoisonedMessages(), transport.Attempts - attemptsBefore,
            Enum.GetValues<StorageFault>().ToDictionary(fault => fault, transport.Injected));
    }
}
