using Azure.Core;
using Azure.Identity;
using CspUpgrades.Functions.Hosting;
using CspUpgrades.Storage.Connection;

namespace CspUpgrades.Functions.Composition;

/// <summary>
/// Reads the storage account the way the Functions host does: a connection string in
/// <c>AzureWebJobsStorage</c> (Azurite, account keys), or identity-based settings
/// <c>AzureWebJobsStorage__accountName</c> (or <c>__tableServiceUri</c> + <c>__queueServiceUri</c>) with
/// <c>AzureWebJobsStorage__credential=managedidentity</c> and <c>__clientId</c> for a user-assigned identity.
/// </summary>
public static class StorageConnectionFactory
{
    public static StorageConnection Create(IConfiguration configuration)
    {
        var name = FunctionManifest.StorageConnectionSetting;
        if (configuration[name] is { Length: > 0 } connectionString)
        {
            return StorageConnection.Parse(connectionString);
        }

        var section = configuration.GetSection(name);
        var credential = Credential(section);
        if (section["tableServiceUri"] is { Length: > 0 } tableUri && section["queueServiceUri"] is { Length: > 0 } queueUri)
        {
            return StorageConnection.FromCredential(new Uri(tableUri), new Uri(queueUri), credential);
        }

        if (section["accountName"] is { Length: > 0 } accountName)
        {
            return StorageConnection.FromCredential(accountName, credential);
        }

        throw new InvalidOperationException(
            $"No storage account configured: set {name} to a connection string (UseDevelopmentStorage=true for Azurite), " +
            $"or {name}__accountName with {name}__credential=managedidentity for an identity.");
    }

    private static TokenCredential Credential(IConfigurationSection section) =>
        string.Equals(section["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase)
            ? section["clientId"] is { Length: > 0 } clientId
                ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
                : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
            : new DefaultAzureCredential();
}
