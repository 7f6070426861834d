using Azure.Core;
using Azure.Identity;
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
        if (configuration.Setting(AppSettings.Storage) is { Length: > 0 } connectionString)
        {
            return StorageConnection.Parse(connectionString);
        }

        var credential = Credential(configuration);
        if (configuration.Setting(AppSettings.StorageTableServiceUri) is { Length: > 0 } tableUri
            && configuration.Setting(AppSettings.StorageQueueServiceUri) is { Length: > 0 } queueUri)
        {
            return StorageConnection.FromCredential(new Uri(tableUri), new Uri(queueUri), credential);
        }

        if (configuration.Setting(AppSettings.StorageAccountName) is { Length: > 0 } accountName)
        {
            return StorageConnection.FromCredential(accountName, credential);
        }

        throw new InvalidOperationException(
            $"No storage account configured: set {AppSettings.Storage} to a connection string (UseDevelopmentStorage=true for Azurite), " +
            $"or {AppSettings.StorageAccountName} with {AppSettings.StorageCredential}={AppSettings.ManagedIdentityCredential} for an identity.");
    }

    private static TokenCredential Credential(IConfiguration configuration) =>
        string.Equals(configuration.Setting(AppSettings.StorageCredential), AppSettings.ManagedIdentityCredential, StringComparison.OrdinalIgnoreCase)
            ? configuration.Setting(AppSettings.StorageClientId) is { Length: > 0 } clientId
                ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
                : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
            : new DefaultAzureCredential();
}
