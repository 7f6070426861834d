using CspUpgrades.Functions.Tests.Support;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Functions.Tests.Http.Support;

/// <summary>Like <see cref="HttpAppFixture"/>, but the worker also runs its queue functions: accepted upgrades are carried out.</summary>
public sealed class UpgradingAppFixture(AzuriteFixture azurite) : IAsyncLifetime
{
    public WorkerApp App { get; private set; } = null!;

    public Task<TestPartner> NewPartnerAsync(string name = "partner") => TestPartner.CreateAsync(App, name);

    public async Task InitializeAsync() => App = await WorkerApp.StartAsync(azurite, processQueues: true);

    public async Task DisposeAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
        }
    }
}
