using CspUpgrades.Functions.Hosting;

namespace CspUpgrades.Functions.ExecuteUpgrade;

/// <summary>Queue <c>upgrade-requests</c> → POST /ExecuteUpgrade. A thrown exception answers 500, so the host retries.</summary>
public static class ExecuteUpgradeFunction
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapInvokedFunction(FunctionManifest.ExecuteUpgrade, async (invocation, services, cancellationToken) =>
        {
            // A message that is not an upgrade can never succeed: failing it sends it to the poison queue for a person to see.
            var message = UpgradeMessage.FromQueueText(invocation.QueueMessageText())
                ?? throw new InvalidDataException("The queue message is not an upgrade request.");
            var outcome = await services.GetRequiredService<ExecuteUpgradeHandler>().HandleAsync(message, cancellationToken);
            return new InvocationResponse
            {
                Logs = [$"Upgrade {message.OperationId}: {outcome} (delivery {invocation.DequeueCount()})"],
                ReturnValue = outcome.ToString(),
            };
        });
}
