using Azure.Data.Tables;
using Azure.Storage.Queues;
using CspUpgrades.Storage.Audit;
using CspUpgrades.Storage.Clients;
using CspUpgrades.Storage.Customers;
using CspUpgrades.Storage.Events;
using CspUpgrades.Storage.History;
using CspUpgrades.Storage.Licenses;
using CspUpgrades.Storage.Operations;
using CspUpgrades.Storage.Outbox;
using CspUpgrades.Storage.Partners;
using CspUpgrades.Storage.Upgrades;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CspUpgrades.Storage.Composition;

public static class StorageRegistration
{
    /// <summary>
    /// The official Table and Queue service clients, registered once through <c>AddAzureClients</c> (thread-safe, one pipeline
    /// each for the app's lifetime) on the account <c>AzureWebJobsStorage</c> names, with <see cref="StorageClientDefaults"/>;
    /// the app's one table and the stores built on it; <paramref name="queues"/> created beside the table at start (the app's
    /// queues; the operator console, which sends none, names none). Tests change the clients' options (a fault-injecting
    /// transport) with <c>PostConfigureAll&lt;TableClientOptions&gt;</c> / <c>&lt;QueueClientOptions&gt;</c>.
    /// </summary>
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration, params string[] queues)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(_ => StorageAccount.FromConfiguration(configuration));
        // AddAzureClients forwards the SDK's EventSource logs to ILogger: at the default level every storage request and
        // response (and every expected 404/409/412 as a warning) would be logged. Retries and failures are counted
        // (cspupgrades.storage.*) and surface as RequestFailedException where they matter.
        services.AddLogging(logging => logging.AddFilter("Azure.Core", LogLevel.Error));
        services.AddAzureClients(clients =>
        {
            clients.AddClient<TableServiceClient, TableClientOptions>((options, provider) =>
                    provider.GetRequiredService<StorageAccount>().CreateTableServiceClient(options))
                .ConfigureOptions(options => StorageClientDefaults.Configure(options));
            clients.AddClient<QueueServiceClient, QueueClientOptions>((options, provider) =>
                    provider.GetRequiredService<StorageAccount>().CreateQueueServiceClient(options))
                .ConfigureOptions(options => StorageClientDefaults.Configure(options));
        });
        services.AddSingleton(provider => provider.GetRequiredService<TableServiceClient>()
            .GetTableClient(provider.GetRequiredService<IOptions<StorageOptions>>().Value.TableName));

        services.AddSingleton<CustomerStore>();
        services.AddSingleton<SubscriptionClaims>();
        services.AddSingleton<UpgradeOperationStore>();
        services.AddSingleton<PendingOperations>();
        services.AddSingleton<UpgradeCommits>();
        services.AddSingleton<LicenseCommits>();
        services.AddSingleton<SubscriptionHistoryStore>();
        services.AddSingleton<SubscriptionEventStore>();
        services.AddSingleton<CustomerSummaryStore>();
        services.AddSingleton<CustomerScanner>();
        services.AddSingleton<AuditReportStore>();
        services.AddSingleton<PartnerApiKeyStore>();
        services.AddSingleton<PartnerTenantStore>();
        services.AddSingleton<OutboxStore>();
        services.AddSingleton<PartnerEventFeedStore>();
        services.AddHostedService(provider => new StorageInitializer(
            provider.GetRequiredService<TableClient>(), provider.GetRequiredService<QueueServiceClient>(), queues));
        return services;
    }
}
