using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using CspUpgrades.Functions.Tests.Support;
using CspUpgrades.Testing.Azurite.Faults;
using Microsoft.Extensions.DependencyInjection;

namespace CspUpgrades.Functions.Tests.Reliability;

/// <summary>
/// Puts a <see cref="StorageFaultTransport"/> between every storage client of the app (its stores, the upgrade
/// queue and the local runner's queue clients) and Azurite, as the <c>ClientOptions.Transport</c> of the clients the app
/// registers with <c>AddAzureClients</c>. The app keeps its own retry options; only the network timeout is shortened, so
/// an injected timeout costs seconds rather than thirty (not below what a busy 2-core machine's Azurite needs to answer a
/// batch, or genuine slowness would pose as faults).
/// </summary>
public static class FaultyStorage
{
    public static readonly TimeSpan NetworkTimeout = TimeSpan.FromSeconds(3);

    public static StorageFaultTransport Install(CspUpgradesApp app, int seed)
    {
        ArgumentNullException.ThrowIfNull(app);
        var transport = new StorageFaultTransport(new HttpClientTransport(), seed);
        app.ConfigureTestServices = services =>
        {
            services.PostConfigureAll<TableClientOptions>(options =>
            {
                options.Transport = transport;
                options.Retry.NetworkTimeout = NetworkTimeout;
            });
            services.PostConfigureAll<QueueClientOptions>(options =>
            {
                options.Transport = transport;
                options.Retry.NetworkTimeout = NetworkTimeout;
            });
        };
        return transport;
    }
}
