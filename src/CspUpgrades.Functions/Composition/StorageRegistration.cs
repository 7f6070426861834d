using CspUpgrades.Functions.ExecuteUpgrade;
using CspUpgrades.Functions.Hosting;
using CspUpgrades.Storage.Audit;
using CspUpgrades.Storage.Connection;
using CspUpgrades.Storage.Customers;
using CspUpgrades.Storage.Events;
using CspUpgrades.Storage.Licenses;
using CspUpgrades.Storage.Operations;
using CspUpgrades.Storage.Partners;
using CspUpgrades.Storage.Tables;
using CspUpgrades.Storage.Upgrades;
using Microsoft.Extensions.Options;

namespace CspUpgrades.Functions.Composition;

public static class StorageRegistration
{
    /// <summary>One thread-safe table client and queue factory for the app's lifetime, and the stores built on them.</summary>
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(_ => StorageConnectionFactory.Create(configuration));
        services.AddSingleton(provider => new StorageClientOptions { TimeProvider = provider.GetRequiredService<TimeProvider>() });
        services.AddSingleton(provider => new TableClient(
            provider.GetRequiredService<StorageConnection>(),
            provider.GetRequiredService<IOptions<StorageOptions>>().Value.TableName,
            provider.GetRequiredService<StorageClientOptions>()));
        services.AddSingleton<QueueClientFactory>();
        services.AddSingleton(provider => new UpgradeQueue(provider.GetRequiredService<QueueClientFactory>().Create(FunctionManifest.UpgradeQueue)));

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
