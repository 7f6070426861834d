using CspUpgrades.Storage.Composition;

namespace CspUpgrades.Functions.Settings;

/// <summary>Where a setting is meant to be set, and whether a deployment in Azure must set it.</summary>
public enum SettingUse
{
    /// <summary>The app, or the Functions host on the app's behalf, cannot run in Azure without it: the template sets it.</summary>
    RequiredInAzure,

    /// <summary>Has a default in code; Azure may set it to change the default, the template need not.</summary>
    OptionalWithDefault,

    /// <summary>Only for a local run (run.sh, local.settings.json for Core Tools); never set in Azure.</summary>
    LocalOnly,

    /// <summary>Only tests set it; never set in Azure, and not in local.settings.sample.json.</summary>
    TestOnly,
}

/// <param name="Name">The name as an app setting or environment variable: <c>__</c> separates sections.</param>
/// <param name="Use">Where it is set, and whether Azure must set it.</param>
/// <param name="InLocalSettingsSample">Listed in <c>local.settings.sample.json</c>, because a local run uses it.</param>
/// <param name="Purpose">One line for the reader of the list and of docs/DEPLOY.md.</param>
public sealed record AppSetting(string Name, SettingUse Use, bool InLocalSettingsSample, string Purpose)
{
    /// <summary>The key <see cref="IConfiguration"/> knows it by (<c>__</c> becomes <c>:</c>, as the environment provider does).</summary>
    public string ConfigurationKey => AppSettings.ConfigurationKey(Name);
}

/// <summary>
/// Every setting the app reads, by name, in one list. Options classes bound by section contribute one
/// entry per settable property (<c>Section__Property</c>); settings read by name are read through the
/// constants here. Settings only the Functions host reads (Application Insights, for example) are not
/// the app's and are not listed; the infrastructure tests keep their own, explicit list of those.
/// </summary>
public static class AppSettings
{
    private const string Separator = "__";

    // The storage account: a connection string (Azurite, account keys), or identity-based settings the
    // Functions host reads the same way for its own storage and for the queue triggers.
    public const string Storage = StorageSettings.Connection;
    public const string StorageAccountName = StorageSettings.AccountName;
    public const string StorageTableServiceUri = StorageSettings.TableServiceUri;
    public const string StorageQueueServiceUri = StorageSettings.QueueServiceUri;
    public const string StorageCredential = StorageSettings.Credential;
    public const string StorageClientId = StorageSettings.ClientId;

    /// <summary>The value of <see cref="StorageCredential"/> that selects a managed identity.</summary>
    public const string ManagedIdentityCredential = StorageSettings.ManagedIdentityCredential;

    public const string StorageTableName = StorageOptions.Section + Separator + nameof(StorageOptions.TableName);

    public const string WebhookSecret = WebhookOptions.Section + Separator + nameof(WebhookOptions.Secret);
    public const string WebhookPreviousSecret = WebhookOptions.Section + Separator + nameof(WebhookOptions.PreviousSecret);
    public const string WebhookMaxBodyBytes = WebhookOptions.Section + Separator + nameof(WebhookOptions.MaxBodyBytes);

    public const string ApiKeyCacheDuration = SecurityOptions.Section + Separator + nameof(SecurityOptions.ApiKeyCacheDuration);

    public const string EntraInstance = EntraOptions.Section + Separator + nameof(EntraOptions.Instance);
    public const string EntraClientId = EntraOptions.Section + Separator + nameof(EntraOptions.ClientId);
    public const string EntraAudience = EntraOptions.Section + Separator + nameof(EntraOptions.Audience);
    public const string EntraSigningKeyRefreshInterval = EntraOptions.Section + Separator + nameof(EntraOptions.SigningKeyRefreshInterval);
    public const string EntraTenantCacheDuration = EntraOptions.Section + Separator + nameof(EntraOptions.TenantCacheDuration);

    // Section Events:ServiceBus (ServiceBusEventOptions): the topic committed events are published to; off unless set.
    private const string EventsServiceBus = "Events" + Separator + "ServiceBus" + Separator;
    public const string EventsServiceBusTopicName = EventsServiceBus + nameof(ServiceBusEventOptions.TopicName);
    public const string EventsServiceBusConnectionString = EventsServiceBus + nameof(ServiceBusEventOptions.ConnectionString);
    public const string EventsServiceBusFullyQualifiedNamespace = EventsServiceBus + nameof(ServiceBusEventOptions.FullyQualifiedNamespace);
    public const string EventsServiceBusCredential = EventsServiceBus + nameof(ServiceBusEventOptions.Credential);
    public const string EventsServiceBusClientId = EventsServiceBus + nameof(ServiceBusEventOptions.ClientId);
    public const string EventsEnabled = EventsOptions.Section + Separator + nameof(EventsOptions.Enabled);
    public const string EventsFeedSettleTime = EventsOptions.Section + Separator + nameof(EventsOptions.FeedSettleTime);

    public const string AuditSchedule = "AuditSchedule";
    public const string StuckOperationSweepSchedule = "StuckOperationSweepSchedule";

    public const string CatalogPath = "Catalog" + Separator + "Path";

    // UpgradeFaultOptions (ExecuteUpgrade) binds it: named here by its text so that settings import no use case.
    public const string CrashAtUpgradeStep = "Testing" + Separator + "CrashAtUpgradeStep";

    /// <summary>The standard OpenTelemetry variable; the OTLP exporter reads it (and the other OTEL_* ones) itself.</summary>
    public const string OtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Application Insights: the Functions host's settings, which the app's own exporter reads too.</summary>
    public const string ApplicationInsightsConnectionString = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string ApplicationInsightsAuthentication = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";


    public static IReadOnlyList<AppSetting> All { get; } =
    [
        new(Storage, SettingUse.LocalOnly, true,
            "Connection string (UseDevelopmentStorage=true for Azurite). Not in Azure: the account refuses shared keys there."),
        new(StorageAccountName, SettingUse.RequiredInAzure, false,
            "Storage account name for identity-based access, by the host (queue triggers, timers, keys) and by the app (table, queue)."),
        new(StorageCredential, SettingUse.RequiredInAzure, false,
            "'managedidentity' in Azure. Unset on an operator's machine: DefaultAzureCredential (az login) is used instead."),
        new(StorageClientId, SettingUse.RequiredInAzure, false,
            "Client id of the user-assigned managed identity (with credential=managedidentity)."),
        new(StorageTableServiceUri, SettingUse.OptionalWithDefault, false,
            "Instead of accountName, with queueServiceUri: explicit endpoints (sovereign clouds, private endpoints)."),
        new(StorageQueueServiceUri, SettingUse.OptionalWithDefault, false,
            "Instead of accountName, with tableServiceUri."),
        new(StorageTableName, SettingUse.OptionalWithDefault, true,
            "The one table (default cspupgrades); the template creates it and sets this to the same name."),
        new(WebhookSecret, SettingUse.RequiredInAzure, true,
            "Webhook signing secret, whsec_ + base64. In Azure a Key Vault reference."),
        new(WebhookPreviousSecret, SettingUse.OptionalWithDefault, true,
            "The previous signing secret, accepted too while senders rotate; empty otherwise."),
        new(WebhookMaxBodyBytes, SettingUse.OptionalWithDefault, true,
            "Largest webhook body accepted (default 262144); larger is refused with 413 before parsing."),
        new(ApiKeyCacheDuration, SettingUse.OptionalWithDefault, true,
            "How long a verified API key is reused before it is read again (default 00:01:00): the delay before a revocation bites."),
        new(EntraClientId, SettingUse.OptionalWithDefault, false,
            "The Entra ID app registration's client id: set, partners may also send Entra ID access tokens (Authorization: Bearer); empty, API keys only."),
        new(EntraAudience, SettingUse.OptionalWithDefault, false,
            "The app registration's application ID URI (api://…), accepted as a token audience beside the client id."),
        new(EntraInstance, SettingUse.OptionalWithDefault, false,
            "The Entra ID cloud (default https://login.microsoftonline.com/): signing keys and the issuer {Instance}{tid}/v2.0 come from it."),
        new(EntraSigningKeyRefreshInterval, SettingUse.OptionalWithDefault, false,
            "Least time between two signing-key refreshes caused by tokens with an unknown key id (default 00:05:00)."),
        new(EntraTenantCacheDuration, SettingUse.OptionalWithDefault, false,
            "How long a tenant-to-partner mapping is reused before it is read again (default 00:01:00): the delay before a removal bites."),
        new(EventsServiceBusTopicName, SettingUse.OptionalWithDefault, false,
            "The Service Bus topic committed events are published to (CloudEvents, binary mode); with a connection below. Empty (default): no publishing, the feed only."),
        new(EventsServiceBusFullyQualifiedNamespace, SettingUse.OptionalWithDefault, false,
            "<namespace>.servicebus.windows.net, reached with the identity of credential/clientId below (Azure Service Bus Data Sender on the topic)."),
        new(EventsServiceBusCredential, SettingUse.OptionalWithDefault, false,
            "'managedidentity' in Azure; unset: DefaultAzureCredential (az login), as for the storage account."),
        new(EventsServiceBusClientId, SettingUse.OptionalWithDefault, false,
            "Client id of the user-assigned managed identity (with credential=managedidentity); empty: the system-assigned one."),
        new(EventsServiceBusConnectionString, SettingUse.OptionalWithDefault, false,
            "Instead of fullyQualifiedNamespace: a shared-access connection string (not in Azure, where the namespace refuses keys)."),
        new(EventsEnabled, SettingUse.OptionalWithDefault, false,
            "Partner events (outbox, GET /api/events, Service Bus when configured): true (default) or false, which writes no event and costs no request."),
        new(EventsFeedSettleTime, SettingUse.OptionalWithDefault, false,
            "How long the event feed waits before it shows an appended event (default 00:00:05), so no reader passes one still landing."),
        new(AuditSchedule, SettingUse.RequiredInAzure, true,
            "Six-field NCRONTAB of AuditBlockedUpgrades. The host resolves %AuditSchedule% in the function's trigger and fails the function without it."),
        new(StuckOperationSweepSchedule, SettingUse.RequiredInAzure, true,
            "Six-field NCRONTAB of SweepStuckOperations (every 5 minutes). The host resolves %StuckOperationSweepSchedule% in the function's trigger and fails the function without it."),
        new(CatalogPath, SettingUse.OptionalWithDefault, true,
            "An operator's offer catalog file instead of the embedded one; empty uses the embedded catalog."),
        new(CrashAtUpgradeStep, SettingUse.TestOnly, false,
            "Tests: the process dies at this upgrade step, to prove a redelivery finishes the job."),
        new(ApplicationInsightsConnectionString, SettingUse.RequiredInAzure, false,
            "The Application Insights component: the host's telemetry and the app's own traces and metrics (Azure Monitor exporter)."),
        new(ApplicationInsightsAuthentication, SettingUse.RequiredInAzure, false,
            "'ClientId=<identity client id>;Authorization=AAD': Entra ID authentication with the managed identity, for the host and the app."),
        new(OtlpEndpoint, SettingUse.OptionalWithDefault, false,
            "Without Application Insights: an OTLP endpoint (an OpenTelemetry Collector) for the app's traces and metrics; unset (default) exports nothing."),
    ];

    /// <summary>The configuration key of an app setting name: sections separated by <c>:</c> instead of <c>__</c>.</summary>
    public static string ConfigurationKey(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Replace(Separator, ConfigurationPath.KeyDelimiter, StringComparison.Ordinal);
    }

    /// <summary>The value of the app setting <paramref name="name"/>, or null.</summary>
    public static string? Setting(this IConfiguration configuration, string name)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration[ConfigurationKey(name)];
    }
}
