using CspUpgrades.Functions.ExecuteUpgrade;
using CspUpgrades.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;

namespace CspUpgrades.Functions.FailPoisonedUpgrade;

/// <summary>Queue <c>upgrade-requests-poison</c>: marks an upgrade that failed every delivery as failed.</summary>
public sealed partial class FailPoisonedUpgradeFunction(FailPoisonedUpgradeHandler handler, ILogger<FailPoisonedUpgradeFunction> logger)
{
    [Function(nameof(FunctionManifest.FailPoisonedUpgrade))]
    public async Task FailPoisonedUpgrade([QueueTrigger(FunctionManifest.UpgradePoisonQueue)] string message, CancellationToken cancellationToken)
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

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapInvokedFunction(FunctionManifest.FailPoisonedUpgrade, async (invocation, services, cancellationToken) =>
        {
            var text = invocation.QueueMessageText();
            if (UpgradeMessage.FromQueueText(text) is not { } message)
            {
                // Not ours to interpret: log it loudly and let it go; it stays visible in the logs.
                LogUnreadable(services.GetRequiredService<ILoggerFactory>().CreateLogger(nameof(FailPoisonedUpgradeFunction)), text?.Length ?? 0);
                return new InvocationResponse { Logs = ["Unreadable poison message dropped"] };
            }

            var marked = await services.GetRequiredService<FailPoisonedUpgradeHandler>().HandleAsync(message, cancellationToken);
            return new InvocationResponse { Logs = [$"Upgrade {message.OperationId}: {(marked ? "marked failed" : "already finished")}"] };
        });

    [LoggerMessage(Level = LogLevel.Error, Message = "A poison message of {Length} characters is not an upgrade request and was dropped")]
    private static partial void LogUnreadable(ILogger logger, int length);
}
