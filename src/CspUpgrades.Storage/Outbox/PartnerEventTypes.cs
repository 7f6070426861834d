namespace CspUpgrades.Storage.Outbox;

/// <summary>The CloudEvents <c>type</c> of every event the app emits (docs/EVENTS.md has a JSON Schema per type).</summary>
public static class PartnerEventTypes
{
    private const string Prefix = "com.cspupgrades.";

    public const string UpgradeAccepted = Prefix + "upgrade.accepted.v1";
    public const string UpgradeSucceeded = Prefix + "upgrade.succeeded.v1";
    public const string UpgradeFailed = Prefix + "upgrade.failed.v1";
    public const string BillingLineRecorded = Prefix + "billing.line_recorded.v1";
    public const string LicensesAdded = Prefix + "licenses.added.v1";
    public const string SubscriptionChanged = Prefix + "subscription.changed.v1";
    public const string AuditCompleted = Prefix + "audit.completed.v1";

    public static readonly IReadOnlyList<string> All =
        [UpgradeAccepted, UpgradeSucceeded, UpgradeFailed, BillingLineRecorded, LicensesAdded, SubscriptionChanged, AuditCompleted];
}
