namespace CspUpgrades.Functions.ExecuteUpgrade;

/// <summary>The points between the steps of an upgrade where a crash is survivable, and tested.</summary>
public enum UpgradeStep
{
    Claimed,
    Loaded,
    Planned,
    Committed,
}
