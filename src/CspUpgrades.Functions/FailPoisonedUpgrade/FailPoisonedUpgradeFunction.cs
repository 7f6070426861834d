using CspUpgrades.Functions.Upgrades;
using Microsoft.Azure.Functions.Worker;

namespace CspUpgrades.Functions.FailPoisonedUpgrade;

/// <summary>Queue <c>upgrade-requests-poison</c>: marks an upgrade that failed every delivery as failed.</summary>
public sealed partial class FailPoisonedUpgradeFunction(FailPoisonedUpgradeHandler handler, ILogger<FailPoisonedUpgradeFunction> logger)
{
    [Function(nameof(FailPoisonedUpgrade))]
    public async Task FailPoisonedUpgrade([QueueTrigger(UpgradeQueue.PoisonName)] string message, CancellationToken cancellationToken)
    {
        if (UpgradeMessage.FromQueueText(message) is not { } upgrade)
        {
            // Not ours to interpret: log it loudly and let it go.
            LogUnreadable(logger, message?.Length ?? 0);
            return;
        }

        var marked = await handler.HandleAsync(upgrade, cancellationToken);
        LogPoisoned(logger, upgrade.OperationId.Value, marked ? "marked failed" : "already finished");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Poisoned upgrade {OperationId}: {What}")]
    private static partial void LogPoisoned(ILogger logger, string operationId, string what);


    [LoggerMessage(Level = LogLevel.Error, Message = "A poison message of {Length} characters is not an upgrade request and was dropped")]
    private static partial void LogUnreadable(ILogger logger, int length);
}
