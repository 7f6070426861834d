using CspUpgrades.Functions.Tests.Support;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Functions.Tests.Http.Support;

/// <summary>
/// One app (with its own table) for all tests of one class. Every test works as its own partner
/// (<see cref="TestPartner"/>), and partners never see each other's rows, so the tests stay independent.
/// </summary>
public sealed class HttpAppFixture(AzuriteFixture azurite) : IAsyncLifetime
{
    public CspUpgradesApp App { get; } = new(azurite);

    public AzuriteFixture Azurite { get; } = azurite;

    /// <summary>A new partner with its own API key; its customers are seeded through signed webhooks.</summary>
    public Task<TestPartner> NewPartnerAsync(string name = "partner") => TestPartner.CreateAsync(App, name);

    public Task InitializeAsync()
    {
        // Starts the app (and creates its table) once, before the first test.
        _ = App.Server;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}
