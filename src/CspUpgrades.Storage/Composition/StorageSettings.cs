using Microsoft.Extensions.Configuration;

namespace CspUpgrades.Storage.Composition;

/// <summary>
/// The settings that name the storage account: the ones the Functions host itself reads for <c>AzureWebJobsStorage</c> (a
/// connection string, or identity-based <c>__accountName</c> / <c>__tableServiceUri</c> + <c>__queueServiceUri</c> with
/// <c>__credential</c> and <c>__clientId</c>). <c>__</c> separates sections, as in an app setting or environment variable.
/// </summary>
public static class StorageSettings
{
    public const string Connection = "AzureWebJobsStorage";
    public const string AccountName = Connection + "__accountName";
    public const string TableServiceUri = Connection + "__tableServiceUri";
    public const string QueueServiceUri = Connection + "__queueServiceUri";
    public const string Credential = Connection + "__credential";
    public const string ClientId = Connection + "__clientId";

    /// <summary>The value of <see cref="Credential"/> that selects a managed identity.</summary>
    public const string ManagedIdentityCredential = "managedidentity";

    /// <summary>The value of the setting <paramref name="name"/>, or null (<c>__</c> read as the configuration's <c>:</c>).</summary>
    internal static string? Read(IConfiguration configuration, string name) =>
        configuration[name.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)];
}
