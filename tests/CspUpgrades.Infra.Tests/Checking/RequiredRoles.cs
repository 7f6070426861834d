namespace CspUpgrades.Infra.Tests.Checking;

/// <summary>A built-in role the app's identity must hold on a resource of <paramref name="ScopeType"/>.</summary>
/// <param name="Name">The role's name in Azure, for messages.</param>
/// <param name="DefinitionId">The built-in role definition's GUID (the same in every tenant).</param>
/// <param name="Why">Which binding or code needs it.</param>
public sealed record RequiredRole(string Name, string DefinitionId, string ScopeType, string Why);

public static class RequiredRoles
{
    public const string StorageAccount = "Microsoft.Storage/storageAccounts";
    public const string ApplicationInsights = "Microsoft.Insights/components";
    public const string KeyVault = "Microsoft.KeyVault/vaults";
    public const string ServiceBusTopic = "Microsoft.ServiceBus/namespaces/topics";

    /// <summary>Needed only when events are published to Service Bus: checked with the Events__ServiceBus__* settings, not in <see cref="All"/>.</summary>
    public static RequiredRole ServiceBusDataSender { get; } = new("Azure Service Bus Data Sender", "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39", ServiceBusTopic,
        "publishing events with the identity (Events__ServiceBus__FullyQualifiedNamespace)");

    public static IReadOnlyList<RequiredRole> All { get; } =
    [
        new("Storage Blob Data Owner", "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", StorageAccount,
            "the deployment package container (functionAppConfig.deployment.storage) and the host's blobs (keys, timer monitor, locks)"),
        new("Storage Queue Data Contributor", "974c5e8b-45b9-4653-ba55-5f855dd0fb88", StorageAccount,
            "the queue triggers ExecuteUpgrade and FailPoisonedUpgrade, and RequestUpgrade's sends"),
        new("Storage Table Data Contributor", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", StorageAccount,
            "the app's table"),
        new("Monitoring Metrics Publisher", "3913510d-42f4-4e42-8a64-420c390055eb", ApplicationInsights,
            "Entra ID-authenticated telemetry (APPLICATIONINSIGHTS_AUTHENTICATION_STRING)"),
        new("Key Vault Secrets User", "4633458b-17de-408a-b874-0445c86b69e6", KeyVault,
            "the Key Vault references of Webhooks__Secret and Webhooks__PreviousSecret"),
    ];
}
