using Azure;
using CspUpgrades.Functions.Events;
using CspUpgrades.Functions.Upgrades;
using CspUpgrades.Storage.Customers;
using CspUpgrades.Storage.Operations;

namespace CspUpgrades.Functions.SweepStuckOperations;

/// <summary>What one sweep did.</summary>
/// <param name="Skipped">Rows whose handling failed (a storage error, or an execution finishing at that moment); the next sweep retries them.</param>
public sealed record SweepSummary(int Examined, int Requeued, int Failed, int Cleaned, int Skipped = 0);

/// <summary>
/// Finishes operations whose queue message was lost (the process died between recording the operation and
/// sending the message, or someone deleted the message). Reads only the <c>~pending</c> rows older than
/// <see cref="StuckAfter"/> (one range query); for each, reads the operation: finished → the pending row is
/// deleted; unfinished and younger than <see cref="GiveUpAfter"/> → its message is sent again (execution is
/// idempotent, so a message that was only slow costs one extra, harmless delivery); older → the operation is
/// failed with a reason and its claim released, so the partner is not left polling forever.
/// </summary>
public partial class SweepStuckOperationsHandler(
    PendingOperations pending,
    CustomerStore customers,
    UpgradeFailure failure,
    UpgradeQueue queue,
    OutboxDrain drain,
    TimeProvider time,
    ILogger<SweepStuckOperationsHandler> logger)
{
    /// <summary>An upgrade normally finishes within seconds of its request; one still pending after this has probably lost its message.</summary>
    public static readonly TimeSpan StuckAfter = TimeSpan.FromMinutes(2);

    /// <summary>Re-sent messages have had this long (twelve sweeps at the default schedule) to finish it: give up.</summary>
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromHours(1);

    public async Task<SweepSummary> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        int examined = 0, requeued = 0, failed = 0, cleaned = 0, skipped = 0;
        await foreach (var row in pending.RecordedBeforeAsync(now - StuckAfter, cancellationToken))
        {
            examined++;
            try
            {
                switch (await SweepAsync(row, now, cancellationToken))
                {
                    case Swept.Requeued: requeued++; break;
                    case Swept.Failed: failed++; break;
                    default: cleaned++; break;
                }
            }
            catch (RequestFailedException ex)
            {
                // One operation's trouble must not stop the sweep of the others.
                LogSkipped(logger, ex, row.OperationId.Value);
                skipped++;
            }
        }

        return new SweepSummary(examined, requeued, failed, cleaned, skipped);
    }

    private enum Swept
    {
        Requeued,
        Failed,
        Cleaned,
    }

    private async Task<Swept> SweepAsync(PendingOperation row, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var record = await customers.LoadAsync(row.PartnerId, row.CustomerId, row.OperationId, cancellationToken);
        if (record?.Operation is not { } stored || stored.Operation.IsFinished)
        {
            // Finished (its executor's cleanup did not happen), or never recorded (the request died before the operation row).
            // Its events go out first if they had not: the pending row is what brings the sweeper back.
            if (record is not null && !await drain.DrainAsync(record.PendingEvents, cancellationToken))
            {
                return Swept.Cleaned;
            }

            await pending.RemoveAsync(row, cancellationToken);
            return Swept.Cleaned;
        }

        if (now - stored.Operation.CreatedAt > GiveUpAfter)
        {
            // Conditional on the operation as read: an execution that commits meanwhile wins, and this throws (skipped; the
            // next sweep cleans up).
            await failure.FailAsync(record, record.ClaimOn(stored.Operation.Request.SourceSubscriptionId),
                [UpgradeFailure.Abandoned("did not start within an hour of the request")], cancellationToken);
            await pending.RemoveAsync(row, cancellationToken);
            LogGaveUp(logger, stored.Operation.Id.Value);
            return Swept.Failed;
        }

        await queue.EnqueueAsync(UpgradeMessage.For(stored.Operation), cancellationToken);
        LogRequeued(logger, row.OperationId.Value, now - stored.Operation.CreatedAt);
        return Swept.Requeued;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweeping upgrade {OperationId} failed; the next sweep tries again")]
    private static partial void LogSkipped(ILogger logger, Exception exception, string operationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upgrade {OperationId} still unfinished after {Age}; its message was sent again")]
    private static partial void LogRequeued(ILogger logger, string operationId, TimeSpan age);

    [LoggerMessage(Level = LogLevel.Error, Message = "Upgrade {OperationId} did not finish within the time allowed and was marked failed")]
    private static partial void LogGaveUp(ILogger logger, string operationId);
}
