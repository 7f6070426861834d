using CspUpgrades.Functions.Tests.Support;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Functions.Tests.Fuzzing;

/// <summary>
/// The same seeded data, served by the app as an isolated worker under the local Functions host (requests go through the
/// host's HTTP port, its forwarding and the worker's Kestrel, as in Azure), on the same table.
/// </summary>
public sealed class WorkerFuzzTarget(AzuriteFixture azurite) : FuzzTarget(azurite)
{
    private WorkerApp? _worker;

    public override bool BehindFunctionsHost => true;

    public override async Task DisposeAsync()
    {
        if (_worker is not null)
        {
            await _worker.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    protected override async Task<Uri?> ServeAsync()
    {
        _worker = await WorkerApp.StartAsync(Azurite, new Dictionary<string, string>
        {
            ["Storage__TableName"] = App.TableName,
            ["Security__ApiKeyCacheDuration"] = "00:10:00",
            ["Logging__LogLevel__Default"] = "Warning",
        });
        return _worker.Host.BaseAddress;
    }
}
