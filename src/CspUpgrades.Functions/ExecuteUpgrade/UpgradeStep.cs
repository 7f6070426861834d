namespace CspUpgrades.Functions.ExecuteUpgrade;

/// <summary>The points between the steps of an upgrade where a crash is survivable, and tested.</summary>
public enum UpgradeStep
{
    Claimed,
    Loaded,
    Planned,
    Committed,

    /// <summary>The commit's events are in the feed (and on Service Bus when configured); the pending row is not yet removed.</summary>
    Published,
}
