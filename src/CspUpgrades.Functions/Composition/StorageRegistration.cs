using Azure.Data.Tables;
using Azure.Storage.Queues;
using CspUpgrades.Functions.ExecuteUpgrade;
using CspUpgrades.Functions.Upgrades;
using CspUpgrades.Storage.Audit;
using CspUpgrades.Storage.Clients;
using CspUpgrades.Storage.Customers;
using CspUpgrades.Storage.Events;
using CspUpgrades.Storage.Licenses;
using CspUpgrades.Storage.Operations;
using CspUpgrades.Storage.Partners;
using CspUpgrades.Storage.Upgrades;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Options;

namespace CspUpgrades.Functions.Composition;

public static class StorageRegistration
{
    /// <summary>
    /// The official Table and Queue service clients, registered once through <c>AddAzureClients</c> (thread-safe, one pipeline
    /// each for the app's lifetime) on the account <c>AzureWebJobsStorage</c> names, with <see cref="StorageClientDefaults"/>;
    /// the app's one table, its upgrade queue, and the stores built on them. Tests change the clients' options (a fault-injecting
    /// transport) with <c>PostConfigureAll&lt;TableClientOptions&gt;</c> / <c>&lt;QueueClientOptions&gt;</c>.
    /// </summary>
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
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
        services.AddSingleton(provider => new UpgradeQueue(provider.GetRequiredService<QueueServiceClient>().GetQueueClient(UpgradeQueue.Name)));

        services.AddSingleton<CustomerStore>();
        services.AddSingleton<SubscriptionClaims>();
        services.AddSingleton<UpgradeOperationStore>();
        services.AddSingleton<PendingOperations>();
        services.AddSingleton<UpgradeCommits>();
        services.AddSingleton<LicenseCommits>();
        services.AddSingleton<SubscriptionEventStore>();
        services.AddSingleton<CustomerScanner>();
        services.AddSingleton<AuditReportStore>();
        services.AddSingleton<PartnerApiKeyStore>();
        services.AddHostedService<StorageInitializer>();
        return services;
    }
}
