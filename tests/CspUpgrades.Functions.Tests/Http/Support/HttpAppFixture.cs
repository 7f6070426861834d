using CspUpgrades.Functions.Tests.Support;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Functions.Tests.Http.Support;

/// <summary>
/// One app (with its own table) for all tests of one class: the isolated worker under the local Functions host, every
/// request through the host as a partner's would go. Every test works as its own partner (<see cref="TestPartner"/>),
/// and partners never see each other's rows, so the tests stay independent.
/// </summary>
public sealed class HttpAppFixture(AzuriteFixture azurite) : IAsyncLifetime
{
    public WorkerApp App { get; private set; } = null!;

    public AzuriteFixture Azurite { get; } = azurite;

    /// <summary>A new partner with its own API key; its customers are seeded through signed webhooks.</summary>
    public Task<TestPartner> NewPartnerAsync(string name = "partner") => TestPartner.CreateAsync(App, name);

    public async Task InitializeAsync() => App = await WorkerApp.StartAsync(Azurite);

    public async Task DisposeAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
        }
    }
}
