using System.Diagnostics.CodeAnalysis;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace CspUpgrades.Storage.Composition;

/// <summary>
/// The storage account, read from the settings the Functions host itself uses for <c>AzureWebJobsStorage</c>: a connection
/// string (Azurite, account keys), or identity-based settings <c>AzureWebJobsStorage__accountName</c> (or
/// <c>__tableServiceUri</c> + <c>__queueServiceUri</c>) with <c>__credential=managedidentity</c> and <c>__clientId</c> for a
/// user-assigned identity. Builds the official service clients on it.
/// </summary>
public sealed class StorageAccount
{
    private StorageAccount(string? connectionString, Uri? tableServiceUri, Uri? queueServiceUri, TokenCredential? credential)
    {
        ConnectionString = connectionString;
        TableServiceUri = tableServiceUri;
        QueueServiceUri = queueServiceUri;
        Credential = credential;
    }

    /// <summary>Set for a connection string; then the endpoints come from it.</summary>
    public string? ConnectionString { get; }

    public Uri? TableServiceUri { get; }

    public Uri? QueueServiceUri { get; }

    /// <summary>The identity of identity-based settings (null with a connection string).</summary>
    public TokenCredential? Credential { get; }

    public static StorageAccount FromConfiguration(IConfiguration configuration) =>
        TryFromConfiguration(configuration, out var account)
            ? account
            : throw new InvalidOperationException(
                $"No storage account configured: set {StorageSettings.Connection} to a connection string (UseDevelopmentStorage=true for Azurite), " +
                $"or {StorageSettings.AccountName} with {StorageSettings.Credential}={StorageSettings.ManagedIdentityCredential} for an identity.");

    /// <summary>False when no storage setting is there at all; a setting that is there but malformed still throws.</summary>
    public static bool TryFromConfiguration(IConfiguration configuration, [NotNullWhen(true)] out StorageAccount? account)
    {
        account = null;
        if (StorageSettings.Read(configuration, StorageSettings.Connection) is { Length: > 0 } connectionString)
        {
            account = new StorageAccount(connectionString, null, null, null);
        }
        else if (StorageSettings.Read(configuration, StorageSettings.TableServiceUri) is { Length: > 0 } tableUri
            && StorageSettings.Read(configuration, StorageSettings.QueueServiceUri) is { Length: > 0 } queueUri)
        {
            account = new StorageAccount(
                null, Endpoint(tableUri, StorageSettings.TableServiceUri), Endpoint(queueUri, StorageSettings.QueueServiceUri), IdentityOf(configuration));
        }
        else if (StorageSettings.Read(configuration, StorageSettings.AccountName) is { Length: > 0 } accountName)
        {
            account = new StorageAccount(
                null,
                Endpoint($"https://{accountName}.table.core.windows.net", StorageSettings.AccountName),
                Endpoint($"https://{accountName}.queue.core.windows.net", StorageSettings.AccountName),
                IdentityOf(configuration));
        }

        return account is not null;
    }

    public TableServiceClient CreateTableServiceClient(TableClientOptions options) =>
        ConnectionString is { } connectionString
            ? new TableServiceClient(connectionString, options)
            : new TableServiceClient(TableServiceUri!, Credential!, options);

    public QueueServiceClient CreateQueueServiceClient(QueueClientOptions options) =>
        ConnectionString is { } connectionString
            ? new QueueServiceClient(connectionString, options)
            : new QueueServiceClient(QueueServiceUri!, Credential!, options);

    private static Uri Endpoint(string text, string setting) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri
            : throw new InvalidOperationException($"{setting} must give an absolute http(s) URL.");

    private static TokenCredential IdentityOf(IConfiguration configuration) =>
        string.Equals(StorageSettings.Read(configuration, StorageSettings.Credential), StorageSettings.ManagedIdentityCredential, StringComparison.OrdinalIgnoreCase)
            ? StorageSettings.Read(configuration, StorageSettings.ClientId) is { Length: > 0 } clientId
                ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
                : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
            : new DefaultAzureCredential();
}
