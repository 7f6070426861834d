using CspUpgrades.Functions.Upgrades;
using Microsoft.Azure.Functions.Worker;

namespace CspUpgrades.Functions.ExecuteUpgrade;

/// <summary>
/// Queue <c>upgrade-requests</c>. A thrown exception fails the invocation, so the host retries (and after
/// maxDequeueCount deliveries moves the message to the poison queue).
/// </summary>
public sealed partial class ExecuteUpgradeFunction(ExecuteUpgradeHandler handler, UpgradeFaults faults, ILogger<ExecuteUpgradeFunction> logger)
{
    [Function(nameof(ExecuteUpgrade))]
    public async Task ExecuteUpgrade([QueueTrigger(UpgradeQueue.Name)] string message, long dequeueCount, CancellationToken cancellationToken)
    {
        // A message that is not an upgrade can never succeed: failing it sends it to the poison queue for a person to see.
        var upgrade = UpgradeMessage.FromQueueText(message)
            ?? throw new InvalidDataException("The queue message is not an upgrade request.");
        faults.Delivering(dequeueCount); // Test-only: an injected crash fires on the first delivery alone (UpgradeFaults).
        var outcome = await handler.HandleAsync(upgrade, cancellationToken);
        LogOutcome(logger, upgrade.OperationId.Value, outcome, dequeueCount);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Upgrade {OperationId}: {Outcome} (delivery {DequeueCount})")]
    private static partial void LogOutcome(ILogger logger, string operationId, ExecuteUpgradeOutcome outcome, long dequeueCount);
}
