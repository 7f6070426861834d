using Azure.Messaging.ServiceBus;
using CspUpgrades.Functions.Composition;
using CspUpgrades.Functions.Events;
using CspUpgrades.Testing.ServiceBus;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CspUpgrades.ServiceBus.Tests;

/// <summary>Publishing is off unless a topic and a connection are configured; when on, one client and one sender for the app.</summary>
public sealed class PartnerEventPublishingTests
{
    [Theory]
    [InlineData(null, null, null)]
    [InlineData("partner-events", null, null)]
    [InlineData(null, "Endpoint=sb://example.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=a2V5", null)]
    [InlineData(null, null, "example.servicebus.windows.net")]
    public async Task WithoutATopicAndAConnectionNothingIsPublished(string? topic, string? connectionString, string? fullyQualifiedNamespace)
    {
        await using var provider = AppServices(new()
        {
            ["Events:ServiceBus:TopicName"] = topic,
            ["Events:ServiceBus:ConnectionString"] = connectionString,
            ["Events:ServiceBus:FullyQualifiedNamespace"] = fullyQualifiedNamespace,
        });

        Assert.IsType<NoPartnerEventPublisher>(provider.GetRequiredService<IPartnerEventPublisher>());
        Assert.Null(provider.GetService<ServiceBusClient>());
    }

    [Fact]
    public async Task ANamespaceWithAManagedIdentityPublishesToTheTopicThere()
    {
        await using var provider = AppServices(new()
        {
            ["Events:ServiceBus:TopicName"] = "partner-events",
            ["Events:ServiceBus:FullyQualifiedNamespace"] = "sb-cspupgrades.servicebus.windows.net",
            ["Events:ServiceBus:Credential"] = "managedidentity",
            ["Events:ServiceBus:ClientId"] = "00000000-0000-0000-0000-000000000001",
        });

        Assert.IsType<ServiceBusEventPublisher>(provider.GetRequiredService<IPartnerEventPublisher>());
        var sender = provider.GetRequiredService<ServiceBusSender>();
        Assert.Equal(("sb-cspupgrades.servicebus.windows.net", "partner-events"), (sender.FullyQualifiedNamespace, sender.EntityPath));
        Assert.Same(sender, provider.GetRequiredService<ServiceBusSender>());
    }

    [Fact]
    public async Task TheClientAndSenderAreClosedWithTheHost()
    {
        using var broker = TestServiceBusBroker.Start();
        var publishing = Publishing.To(broker);
        await publishing.Publisher.PublishAsync([PartnerEvents.UpgradeSucceeded("op-1", "sub-1")], CancellationToken.None);
        var client = publishing.Client;

        await publishing.DisposeAsync();

        Assert.True(client.IsClosed);
    }

    // The app's use-case registration, which registers publishing, on the given settings.
    private static ServiceProvider AppServices(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddUseCases(configuration).BuildServiceProvider();
    }
}
