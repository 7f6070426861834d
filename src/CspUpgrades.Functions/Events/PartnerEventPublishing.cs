using Azure.Core;
using Azure.Identity;
using Azure.Messaging.ServiceBus;
using CspUpgrades.Functions.Settings;
using Microsoft.Extensions.Azure;

namespace CspUpgrades.Functions.Events;

public static class PartnerEventPublishing
{
    /// <summary>
    /// The <see cref="IPartnerEventPublisher"/>: <see cref="ServiceBusEventPublisher"/> when section <c>Events:ServiceBus</c>
    /// names a topic and a connection (<see cref="ServiceBusEventOptions.IsConfigured"/>), else <see cref="NoPartnerEventPublisher"/>
    /// (off unless configured: nothing is sent, no client is built). One <see cref="ServiceBusClient"/> (registered through
    /// <c>AddAzureClients</c>, which disposes it with the host) and one <see cref="ServiceBusSender"/> for the app's lifetime.
    /// Tests change the client's options (retries) with <c>PostConfigureAll&lt;ServiceBusClientOptions&gt;</c>.
    /// </summary>
    public static IServiceCollection AddPartnerEventPublishing(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ServiceBusEventOptions>().BindConfiguration(ServiceBusEventOptions.Section);

        var options = configuration.GetSection(ServiceBusEventOptions.Section).Get<ServiceBusEventOptions>() ?? new ServiceBusEventOptions();
        if (!options.IsConfigured)
        {
            services.AddSingleton<IPartnerEventPublisher, NoPartnerEventPublisher>();
            return services;
        }

        services.AddAzureClients(clients =>
            clients.AddClient<ServiceBusClient, ServiceBusClientOptions>(clientOptions => CreateClient(options, clientOptions)));
        services.AddSingleton(provider => provider.GetRequiredService<ServiceBusClient>().CreateSender(options.TopicName));
        services.AddSingleton<IPartnerEventPublisher, ServiceBusEventPublisher>();
        return services;
    }

    private static ServiceBusClient CreateClient(ServiceBusEventOptions options, ServiceBusClientOptions clientOptions) =>
        !string.IsNullOrWhiteSpace(options.ConnectionString)
            ? new ServiceBusClient(options.ConnectionString, clientOptions)
            : new ServiceBusClient(options.FullyQualifiedNamespace, IdentityOf(options), clientOptions);

    // As the storage account's identity (StorageAccount): a managed identity in Azure, the developer's own sign-in elsewhere.
    private static TokenCredential IdentityOf(ServiceBusEventOptions options) =>
        string.Equals(options.Credential, ServiceBusEventOptions.ManagedIdentityCredential, StringComparison.OrdinalIgnoreCase)
            ? options.ClientId is { Length: > 0 } clientId
                ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
                : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
            : new DefaultAzureCredential();
}
