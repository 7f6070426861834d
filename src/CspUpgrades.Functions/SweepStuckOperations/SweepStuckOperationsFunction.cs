using CspUpgrades.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;

namespace CspUpgrades.Functions.SweepStuckOperations;

/// <summary>Timer (NCRONTAB from the <c>StuckOperationSweepSchedule</c> setting, every 5 minutes by default) → POST /SweepStuckOperations.</summary>
public sealed partial class SweepStuckOperationsFunction(SweepStuckOperationsHandler handler, ILogger<SweepStuckOperationsFunction> logger)
{
    [Function(nameof(FunctionManifest.SweepStuckOperations))]
    public async Task SweepStuckOperations([TimerTrigger("%" + FunctionManifest.StuckOperationSweepScheduleSetting + "%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var summary = await handler.RunAsync(cancellationToken);
        LogSwept(logger, summary.Examined, summary.Requeued, summary.Failed, summary.Cleaned, summary.Skipped);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep: {Examined} pending, {Requeued} re-sent, {Failed} failed, {Cleaned} cleaned, {Skipped} skipped")]
    private static partial void LogSwept(ILogger logger, int examined, int requeued, int failed, int cleaned, int skipped);

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
