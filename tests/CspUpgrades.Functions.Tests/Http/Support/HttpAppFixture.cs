using CspUpgrades.Functions.Tests.Support;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Functions.Tests.Http.Support;

/// <summary>
/// One app (with its own table) for all tests of one class. Every test works as its own partner
/// (<see cref="TestPartner"/>), and partners never see each other's rows, so the tests stay independent.
/// A partner's requests, its seeding webhooks included, go to the app as an isolated worker (<see cref="Worker"/>: the local
/// Functions host, the worker in the test process, the same table); keys, audit runs and the tests' own webhooks still go
/// through the custom handler (<see cref="App"/>) while the app moves.
/// </summary>
public sealed class HttpAppFixture(AzuriteFixture azurite) : IAsyncLifetime
{
    public CspUpgradesApp App { get; } = new(azurite);

    public WorkerApp Worker { get; private set; } = null!;

    public AzuriteFixture Azurite { get; } = azurite;

    /// <summary>A new partner with its own API key; its customers are seeded through signed webhooks.</summary>
    public Task<TestPartner> NewPartnerAsync(string name = "partner") => TestPartner.CreateAsync(App, name, Worker.Host.BaseAddress);

    public async Task InitializeAsync()
    {
        // Starts the app (and creates its table) once, before the first test; then the worker on the same table.
        _ = App.Server;
        Worker = await WorkerApp.StartAsync(Azurite, new Dictionary<string, string> { ["Storage__TableName"] = App.TableName });
    }

    public async Task DisposeAsync()
    {
        if (Worker is not null)
        {
            await Worker.DisposeAsync();
        }

        await App.DisposeAsync();
    }
}
