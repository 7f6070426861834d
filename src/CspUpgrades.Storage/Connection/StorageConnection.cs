using Azure.Core;

namespace CspUpgrades.Storage.Connection;

/// <summary>
/// Where a storage account lives and how requests to it are authorized: a Shared Key (account key,
/// Azurite) or a <see cref="TokenCredential"/> (managed identity in Azure). Never prints the key.
/// </summary>
public sealed class StorageConnection
{
    public const string DevelopmentAccountName = "devstoreaccount1";

    // Azurite's published well-known key: not a secret, the same on every machine.
    internal const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    internal const string StorageScope = "https://storage.azure.com/.default";

    private StorageConnection(string accountName, Uri tableEndpoint, Uri queueEndpoint, StorageSharedKey? sharedKey, TokenCredential? credential)
    {
        AccountName = accountName;
        TableEndpoint = tableEndpoint;
        QueueEndpoint = queueEndpoint;
        SharedKey = sharedKey;
        Credential = credential;
    }

    public string AccountName { get; }

    /// <summary>The table service root, without a trailing slash (path-style for Azurite: <c>http://127.0.0.1:10002/devstoreaccount1</c>).</summary>
    public Uri TableEndpoint { get; }

    /// <summary>The queue service root, without a trailing slash.</summary>
    public Uri QueueEndpoint { get; }

    internal StorageSharedKey? SharedKey { get; }

    internal TokenCredential? Credential { get; }

    /// <summary>
    /// Parses <c>UseDevelopmentStorage=true</c> or
    /// <c>DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…[;EndpointSuffix=…][;TableEndpoint=…][;QueueEndpoint=…]</c>.
    /// </summary>
    public static StorageConnection Parse(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var settings = ConnectionStringSettings.Parse(connectionString);

        if (settings.TryGetValue("UseDevelopmentStorage", out var dev) && bool.TryParse(dev, out var useDev) && useDev)
        {
            return new StorageConnection(
                DevelopmentAccountName,
                new Uri("http://127.0.0.1:10002/" + DevelopmentAccountName),
                new Uri("http://127.0.0.1:10001/" + DevelopmentAccountName),
                new StorageSharedKey(DevelopmentAccountName, DevelopmentAccountKey),
                credential: null);
        }

        if (settings.ContainsKey("SharedAccessSignature"))
        {
            throw new ArgumentException("Shared access signatures are not supported: use an account key or a TokenCredential.", nameof(connectionString));
        }

        var accountName = settings.GetValueOrDefault("AccountName");
        var accountKey = settings.GetValueOrDefault("AccountKey");
        if (string.IsNullOrEmpty(accountName) || string.IsNullOrEmpty(accountKey))
        {
            throw new ArgumentException("The connection string needs AccountName and AccountKey (or UseDevelopmentStorage=true).", nameof(connectionString));
        }

        var protocol = settings.GetValueOrDefault("DefaultEndpointsProtocol") ?? "https";
        var suffix = settings.GetValueOrDefault("EndpointSuffix") ?? "core.windows.net";
        var table = Endpoint(settings.GetValueOrDefault("TableEndpoint"), $"{protocol}://{accountName}.table.{suffix}", "TableEndpoint");
        var queue = Endpoint(settings.GetValueOrDefault("QueueEndpoint"), $"{protocol}://{accountName}.queue.{suffix}", "QueueEndpoint");
        return new StorageConnection(accountName, table, queue, new StorageSharedKey(accountName, accountKey), credential: null);
    }

    /// <summary>Endpoints authorized with a token (managed identity, workload identity, developer login).</summary>
    public static StorageConnection FromCredential(Uri tableEndpoint, Uri queueEndpoint, TokenCredential credential)
    {
        ArgumentNullException.ThrowIfNull(tableEndpoint);
        ArgumentNullException.ThrowIfNull(queueEndpoint);
        ArgumentNullException.ThrowIfNull(credential);
        var table = Endpoint(tableEndpoint.ToString(), fallback: null, nameof(tableEndpoint));
        var queue = Endpoint(queueEndpoint.ToString(), fallback: null, nameof(queueEndpoint));
        return new StorageConnection(AccountNameOf(table), table, queue, sharedKey: null, credential);
    }

    /// <summary>The public-cloud endpoints of <paramref name="accountName"/>, authorized with a token.</summary>
    public static StorageConnection FromCredential(string accountName, TokenCredential credential, string endpointSuffix = "core.windows.net")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountName);
        return FromCredential(
            new Uri($"https://{accountName}.table.{endpointSuffix}"),
            new Uri($"https://{accountName}.queue.{endpointSuffix}"),
            credential);
    }

    public override string ToString() => $"{AccountName} (tables {TableEndpoint}, queues {QueueEndpoint})";

    private static Uri Endpoint(string? configured, string? fallback, string name)
    {
        var text = string.IsNullOrWhiteSpace(configured) ? fallback : configured;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"{name} must be an absolute http(s) URL.", name);
        }

        return new Uri(uri.GetLeftPart(UriPartial.Path).TrimEnd('/'));
    }

    // https://acct.table.core.windows.net → acct; path-style http://127.0.0.1:10002/acct → acct.
    private static string AccountNameOf(Uri endpoint)
    {
        var firstSegment = endpoint.AbsolutePath.Trim('/').Split('/')[0];
        return endpoint.HostNameType == UriHostNameType.Dns && endpoint.Host.Contains('.', StringComparison.Ordinal)
            ? endpoint.Host[..endpoint.Host.IndexOf('.', StringComparison.Ordinal)]
            : firstSegment;
    }
}
