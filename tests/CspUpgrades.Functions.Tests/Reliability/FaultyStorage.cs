using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using CspUpgrades.Testing.Azurite.Faults;
using Microsoft.Extensions.DependencyInjection;

namespace CspUpgrades.Functions.Tests.Reliability;

/// <summary>
/// Puts a <see cref="StorageFaultTransport"/> between every storage client of the app (its stores and the upgrade queue it
/// sends to) and Azurite, as the <c>ClientOptions.Transport</c> of the clients the app registers with <c>AddAzureClients</c>:
/// a registration override of the worker's own composition. The Functions host's queue clients (receiving, renewing,
/// deleting and poisoning the trigger's messages) are the host's, not the app's, and stay unfaulted, as Azure's would be.
/// The app keeps its own retry options; only the network timeout is shortened, so an injected timeout costs seconds
/// rather than thirty (not below what a busy 2-core machine's Azurite needs to answer a batch, or genuine slowness would
/// pose as faults).
/// </summary>
public static class FaultyStorage
{
    public static readonly TimeSpan NetworkTimeout = TimeSpan.FromSeconds(3);

    /// <summary>A transport that injects nothing until its <see cref="StorageFaultTransport.Faults"/> are set.</summary>
    public static StorageFaultTransport Transport(int seed) => new(new HttpClientTransport(), seed);

    /// <summary>Makes <paramref name="transport"/> the transport of every table and queue client the app registers.</summary>
    public static void Install(IServiceCollection services, StorageFaultTransport transport)
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
    }
}
