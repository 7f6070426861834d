namespace CspUpgrades.Functions.Hosting;

/// <summary>
/// The one source of truth for the app's functions: the HTTP endpoints are mapped from it, the
/// local trigger runner polls and schedules from it, and publish writes function.json from it.
/// </summary>
public static class FunctionManifest
{
    public const string UpgradeQueue = "upgrade-requests";
    public const string UpgradePoisonQueue = UpgradeQueue + "-poison";
    public const string StorageConnectionSetting = "AzureWebJobsStorage";
    public const string AuditScheduleSetting = "AuditSchedule";
    public const string StuckOperationSweepScheduleSetting = "StuckOperationSweepSchedule";

    private const string SubscriptionRoute = "customers/{customerId}/subscriptions/{subscriptionId}";

    public static readonly FunctionDefinition CheckUpgradeEligibility =
        new(nameof(CheckUpgradeEligibility), new HttpTrigger("GET", SubscriptionRoute + "/upgrades"));

    public static readonly FunctionDefinition RequestUpgrade =
        new(nameof(RequestUpgrade), new HttpTrigger("POST", SubscriptionRoute + "/upgrades"));

    public static readonly FunctionDefinition GetUpgradeOperation =
        new(nameof(GetUpgradeOperation), new HttpTrigger("GET", "operations/{operationId}"));

    public static readonly FunctionDefinition AddLicenses =
        new(nameof(AddLicenses), new HttpTrigger("POST", SubscriptionRoute + "/licenses"));

    public static readonly FunctionDefinition ReceiveSubscriptionEvent =
        new(nameof(ReceiveSubscriptionEvent), new HttpTrigger("POST", "webhooks/subscription-events"));

    public static readonly FunctionDefinition GetAuditReport =
        new(nameof(GetAuditReport), new HttpTrigger("GET", "audits/{runId}"));

    public static readonly FunctionDefinition GetHealth =
        new(nameof(GetHealth), new HttpTrigger("GET", "health"));

    public static readonly FunctionDefinition GetOpenApiDocument =
        new(nameof(GetOpenApiDocument), new HttpTrigger("GET", "openapi/v1.json"));

    public static readonly FunctionDefinition ExecuteUpgrade =
        new(nameof(ExecuteUpgrade), new QueueTrigger(UpgradeQueue, StorageConnectionSetting));

    public static readonly FunctionDefinition FailPoisonedUpgrade =
        new(nameof(FailPoisonedUpgrade), new QueueTrigger(UpgradePoisonQueue, StorageConnectionSetting));

    public static readonly FunctionDefinition AuditBlockedUpgrades =
        new(nameof(AuditBlockedUpgrades), new TimerTrigger(AuditScheduleSetting, "0 0 2 * * *"));

    public static readonly FunctionDefinition SweepStuckOperations =
        new(nameof(SweepStuckOperations), new TimerTrigger(StuckOperationSweepScheduleSetting, "0 */5 * * * *"));

    public static IReadOnlyList<FunctionDefinition> All { get; } =
    [
        CheckUpgradeEligibility, RequestUpgrade, GetUpgradeOperation, AddLicenses, ReceiveSubscriptionEvent,
        GetAuditReport, GetHealth, GetOpenApiDocument, ExecuteUpgrade, FailPoisonedUpgrade,
        AuditBlockedUpgrades, SweepStuckOperations,
    ];
}
