using Azure.Messaging.ServiceBus;
using CspUpgrades.Functions.Events;
using CspUpgrades.Testing.ServiceBus;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CspUpgrades.ServiceBus.Tests;

/// <summary>The app's publisher, registered as the app registers it, configured with the test broker's connection string.</summary>
internal sealed class Publishing : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private Publishing(ServiceProvider provider) => _provider = provider;

    public IPartnerEventPublisher Publisher => _provider.GetRequiredService<IPartnerEventPublisher>();

    public ServiceBusClient Client => _provider.GetRequiredService<ServiceBusClient>();

    /// <param name="maxRetries">The SDK's own retries of a failed send (short delays, so a test stays fast).</param>
    /// <param name="connectionString">Instead of the broker's own (another key, say).</param>
    public static Publishing To(TestServiceBusBroker broker, int maxRetries = 1, string? connectionString = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Events:ServiceBus:ConnectionString"] = connectionString ?? broker.ConnectionString,
            ["Events:ServiceBus:TopicName"] = broker.TopicName,
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddPartnerEventPublishing(configuration);
        services.PostConfigureAll<ServiceBusClientOptions>(options =>
        {
            options.RetryOptions.MaxRetries = maxRetries;
            options.RetryOptions.Delay = TimeSpan.FromMilliseconds(20);
            options.RetryOptions.MaxDelay = TimeSpan.FromMilliseconds(100);
            options.RetryOptions.TryTimeout = TimeSpan.FromSeconds(20);
        });
        return new Publishing(services.BuildServiceProvider());
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
