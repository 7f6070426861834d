using CspUpgrades.Functions.Hosting;

namespace CspUpgrades.Functions.SweepStuckOperations;

/// <summary>Timer (NCRONTAB from the <c>StuckOperationSweepSchedule</c> setting, every 5 minutes by default) → POST /SweepStuckOperations.</summary>
public static class SweepStuckOperationsFunction
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapInvokedFunction(FunctionManifest.SweepStuckOperations, async (invocation, services, cancellationToken) =>
        {
            var summary = await services.GetRequiredService<SweepStuckOperationsHandler>().RunAsync(cancellationToken);
            return new InvocationResponse
            {
                Logs = [$"Sweep: {summary.Examined} pending, {summary.Requeued} re-sent, {summary.Failed} failed, {summary.Cleaned} cleaned"],
                ReturnValue = summary,
            };
        });
}
