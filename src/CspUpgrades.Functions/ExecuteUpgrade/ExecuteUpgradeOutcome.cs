namespace CspUpgrades.Functions.ExecuteUpgrade;

/// <summary>How an execution ended. All of these complete the message; only exceptions make the host retry.</summary>
public enum ExecuteUpgradeOutcome
{
    Succeeded,
    Failed,
    AlreadyFinished,
    OperationMissing,
}
