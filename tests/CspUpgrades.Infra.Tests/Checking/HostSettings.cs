namespace CspUpgrades.Infra.Tests.Checking;

/// <summary>
/// Settings the Functions host (or Core Tools, or the platform) reads, and our code never does. They are
/// not in <c>AppSettings.All</c>, the app's list; this is the explicit allow-list the checks add to it.
/// A name belongs here only with a comment saying who reads it.
/// </summary>
public static class HostSettings
{
    /// <summary>
    /// Read by the Functions host in Azure only; the template must set them. None today: the Application Insights
    /// settings the host reads, the app's own exporter reads too (<c>AppSettings.All</c>).
    /// </summary>
    public static IReadOnlyDictionary<string, string> RequiredInAzure { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Read by Azure Functions Core Tools (func start) from local.settings.json; never set in Azure on Flex Consumption.</summary>
    public static IReadOnlySet<string> InLocalSettingsSample { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        // Core Tools picks the worker from it; on Flex Consumption functionAppConfig.runtime does that instead.
        "FUNCTIONS_WORKER_RUNTIME",
    };

    /// <summary>
    /// App settings the Flex Consumption plan deprecates, as quoted from functions-app-settings ("Flex
    /// Consumption plan deprecations"; the full table may list more): the runtime, scale and deployment are
    /// properties of functionAppConfig there. Not an allow-list: every unread setting is reported anyway,
    /// and for these the report says why.
    /// </summary>
    public static IReadOnlySet<string> DeprecatedOnFlexConsumption { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "FUNCTIONS_WORKER_RUNTIME",
        "FUNCTIONS_WORKER_RUNTIME_VERSION",
        "FUNCTIONS_EXTENSION_VERSION",
        "WEBSITE_RUN_FROM_PACKAGE",
        "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING",
        "WEBSITE_CONTENTSHARE",
        "WEBSITE_MOUNT_ENABLED",
        "WEBSITE_USE_PLACEHOLDER_DOTNETISOLATED",
        "WEBSITE_MAX_DYNAMIC_APPLICATION_SCALE_OUT",
        "WEBSITE_TIME_ZONE",
        "TZ",
        "SCM_DO_BUILD_DURING_DEPLOYMENT",
        "ENABLE_ORYX_BUILD",
    };
}
