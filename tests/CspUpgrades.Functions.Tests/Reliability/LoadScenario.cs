using CspUpgrades.Domain.Catalog;
using CspUpgrades.Functions.Tests.Support;
using CspUpgrades.Testing.Azurite;
using CspUpgrades.Testing.Azurite.Faults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CspUpgrades.Functions.Tests.Reliability;

/// <summary>
/// One reliability run end to end: the app with its local runner and faulty storage, a seeded <see cref="UpgradeLoad"/>
/// under <paramref name="faults"/>, then a <see cref="Reconciliation"/> of the table and a look at the poison queue.
/// </summary>
public static class LoadScenario
{
    public const string Partner = "partner-load";

    private static readonly Dictionary<string, string?> RunnerSettings = new()
    {
        // A lease lost to an injected fault (its renewal's answer lost) must come back within the test.
        ["LocalRunner:MessageLease"] = "00:00:05",
        ["LocalRunner:RetryVisibilityTimeout"] = "00:00:01",
        ["LocalRunner:MaxPollingInterval"] = "00:00:00.250",
        ["Security:ApiKeyCacheDuration"] = "00:05:00",
    };

    public static async Task<LoadReport> RunAsync(AzuriteFixture azurite, LoadPlan plan, StorageFaultRates faults, TimeSpan finishWithin)
    {
        ArgumentNullException.ThrowIfNull(plan);
        await using var app = CspUpgradesApp.WithLocalRunner(azurite, RunnerSettings);
        var transport = FaultyStorage.Install(app, plan.Seed);
        var poison = new PoisonedMessageCounter();
        var installFaults = app.ConfigureTestServices!;
        app.ConfigureTestServices = services =>
        {
            installFaults(services);
            services.AddLogging(logging => logging.AddProvider(poison));
        };
        using var partner = await app.ClientForPartnerAsync(Partner);
        var load = new UpgradeLoad(app, azurite, partner, Partner, plan);
        await load.SeedAsync();

        transport.Faults = faults;
        var attemptsBefore = transport.Attempts;
        var outcome = await load.RunAsync(finishWithin);
        transport.Faults = StorageFaultRates.None;

        var reconciliation = new Reconciliation(app.Table, app.Service<OfferCatalog>(), Partner);
        await reconciliation.CheckAsync(outcome.Accepted, load.Customers);
        return new LoadReport(plan, faults, outcome, reconciliation, poison.Poisoned, transport.Attempts - attemptsBefore,
            Enum.GetValues<StorageFault>().ToDictionary(fault => fault, transport.Injected));
    }
}
