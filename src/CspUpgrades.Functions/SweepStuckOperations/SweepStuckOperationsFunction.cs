using CspUpgrades.Functions.Settings;
using Microsoft.Azure.Functions.Worker;

namespace CspUpgrades.Functions.SweepStuckOperations;

/// <summary>Timer (NCRONTAB from the <c>StuckOperationSweepSchedule</c> setting, every 5 minutes by default).</summary>
public sealed partial class SweepStuckOperationsFunction(SweepStuckOperationsHandler handler, ILogger<SweepStuckOperationsFunction> logger)
{
    [Function(nameof(SweepStuckOperations))]
    public async Task SweepStuckOperations([TimerTrigger("%" + AppSettings.StuckOperationSweepSchedule + "%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var summary = await handler.RunAsync(cancellationToken);
        LogSwept(logger, summary.Examined, summary.Requeued, summary.Failed, summary.Cleaned, summary.Skipped);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep: {Examined} pending, {Requeued} re-sent, {Failed} failed, {Cleaned} cleaned, {Skipped} skipped")]
    private static partial void LogSwept(ILogger logger, int examined, int requeued, int failed, int cleaned, int skipped);
}
