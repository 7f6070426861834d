using Azure.Data.Tables;
using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Planning;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.CustomerSummaries;
using CspUpgrades.Functions.Events;
using CspUpgrades.Functions.Telemetry;
using CspUpgrades.Functions.Upgrades;
using CspUpgrades.Storage.Customers;
using CspUpgrades.Storage.Operations;
using CspUpgrades.Storage.Outbox;
using CspUpgrades.Storage.Upgrades;

namespace CspUpgrades.Functions.ExecuteUpgrade;

/// <summary>
/// Carries out one upgrade: claim the source → load → re-check eligibility and plan (state may have
/// changed since the request) → commit everything in one transaction, conditional on the customer's seats as read (target created, licenses moved,
/// source closed or reduced, credit and charge written, operation completed, claim released).
/// Every step is safe to repeat: a redelivered message after a crash anywhere finds either an
/// unfinished operation (and finishes it) or a finished one (and does nothing), so there is exactly one
/// target and one credit + one charge. Storage failures throw, so the host retries the message.
/// </summary>
public partial class ExecuteUpgradeHandler(
    CustomerStore customers,
    SubscriptionClaims claims,
    UpgradeCommits commits,
    UpgradeFailure failure,
    CustomerSummaryRefresher summaries,
    UpgradeEvents events,
    OutboxDrain drain,
    OfferCatalog catalog,
    UpgradeFaults faults,
    TimeProvider time,
    ILogger<ExecuteUpgradeHandler> logger)
{
    public async Task<ExecuteUpgradeOutcome> HandleAsync(UpgradeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var activity = CspUpgradesTelemetry.StartExecuteUpgrade(message.TraceParent, message.OperationId);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["OperationId"] = message.OperationId.Value });
        try
        {
            var outcome = await ExecuteAsync(message, cancellationToken);
            CspUpgradesTelemetry.RecordUpgrade(ResultTag(outcome));
            activity?.SetTag("cspupgrades.result", ResultTag(outcome));
            return outcome;
        }
        catch (Exception ex)
        {
            // Recorded, then rethrown: the host retries the message.
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }
    }

    private static string ResultTag(ExecuteUpgradeOutcome outcome) => outcome switch
    {
        ExecuteUpgradeOutcome.Succeeded => "succeeded",
        ExecuteUpgradeOutcome.Failed => "failed",
        ExecuteUpgradeOutcome.AlreadyFinished => "already_finished",
        ExecuteUpgradeOutcome.OperationMissing => "operation_missing",
        _ => outcome.ToString(),
    };

    private async Task<ExecuteUpgradeOutcome> ExecuteAsync(UpgradeMessage message, CancellationToken cancellationToken)
    {
        // Claim first, read second: the snapshot the plan is made from is then one no other claimant can change.
        var claimed = await claims.TryClaimAsync(
            message.PartnerId, message.CustomerId, message.SourceSubscriptionId, message.OperationId, time.GetUtcNow(), cancellationToken: cancellationToken);
        faults.At(UpgradeStep.Claimed);
        var claim = (claimed as ClaimOutcome.Held)?.Claim;

        for (var attempt = 1; ; attempt++)
        {
            var record = await customers.LoadAsync(message.PartnerId, message.CustomerId, message.OperationId, cancellationToken);
            if (record?.Operation is not { } stored)
            {
                await ReleaseAsync(message, claim, cancellationToken);
                LogMissing(logger, message.OperationId);
                return ExecuteUpgradeOutcome.OperationMissing;
            }

            if (stored.Operation.IsFinished)
            {
                // A repeated delivery after the commit released the claim: we just took it again, so give it back.
                await ReleaseAsync(message, claim, cancellationToken);
                // Its events, if the delivery that finished it stopped before publishing them.
                await drain.DrainAsync(record.PendingEvents, cancellationToken);
                await failure.ForgetPendingAsync(stored.Operation, cancellationToken);
                LogAlreadyFinished(logger, message.OperationId, stored.Operation.Status);
                return ExecuteUpgradeOutcome.AlreadyFinished;
            }

            if (claimed is ClaimOutcome.HeldByOther other)
            {
                await failure.FailAsync(record, null, [ConcurrencyConflict(other.OtherOperation)], cancellationToken);
                return ExecuteUpgradeOutcome.Failed;
            }

            faults.At(UpgradeStep.Loaded);
            var request = stored.Operation.Request;
            if (record.Snapshot.FindSubscription(request.SourceSubscriptionId) is null)
            {
                await failure.FailAsync(record, claim, [new UpgradeError(UpgradeErrorCodes.Other, "The source subscription no longer exists.")], cancellationToken);
                return ExecuteUpgradeOutcome.Failed;
            }

            var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
            var planned = UpgradePlanner.Plan(catalog, record.Snapshot, request, stored.Operation.TargetUnitPrice, message.OperationId, today);
            if (!planned.IsPlanned)
            {
                await failure.FailAsync(record, claim, planned.UpgradeErrors, cancellationToken);
                return ExecuteUpgradeOutcome.Failed;
            }

            faults.At(UpgradeStep.Planned);
            IReadOnlyList<PartnerEvent> written = [];
            try
            {
                await commits.CommitSucceededAsync(
                    record, stored, planned.Plan, claim!, time.GetUtcNow(), finished => written = events.Finished(finished), cancellationToken);
            }
            catch (SeatCountChangedException ex) when (attempt < MaxSeatAttempts)
            {
                // Another change to the customer's seats (a sibling's licenses, a webhook) landed after we read. We still hold
                // the source's claim and nothing was written: read again and re-plan now, on the seats that landed (the cap may
                // refuse the upgrade now), rather than wait for a redelivery. The last attempt's failure goes to the host.
                LogSeatsChanged(logger, ex, message.OperationId, attempt);
                continue;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
            {
                // A concurrent delivery of this same message committed first (its target and billing rows are the
                // ones we collided with): the upgrade is done, and this delivery has nothing left to do.
                if (await FinishedMeanwhileAsync(message, cancellationToken) is { } status)
                {
                    LogAlreadyFinished(logger, message.OperationId, status);
                    return ExecuteUpgradeOutcome.AlreadyFinished;
                }

                // Something else changed under us (a webhook, an ambiguous earlier write): let the host redeliver,
                // and the next attempt starts again from what storage holds then.
                LogCommitConflict(logger, ex, message.OperationId, ex.FailedTransactionActionIndex);
                throw;
            }

            CspUpgradesTelemetry.RecordBilling(planned.Plan.BillingLines);
            faults.At(UpgradeStep.Committed);
            // The customer list first: a partner who sees the operation succeeded and reads the list finds it current.
            await summaries.RefreshAsync(message.PartnerId, message.CustomerId, cancellationToken);
            // Before the pending row goes: until the events are out, the sweeper still comes back to this operation.
            await drain.DrainAsync(message.PartnerId, message.CustomerId, record.PendingEvents, written, cancellationToken);
            faults.At(UpgradeStep.Published);
            await failure.ForgetPendingAsync(stored.Operation, cancellationToken);
            LogSucceeded(logger, message.OperationId, planned.Plan.Target.Id, planned.Plan.NetAmount);
            return ExecuteUpgradeOutcome.Succeeded;
        }
    }

    /// <summary>The operation's status if it has finished since this delivery read it; otherwise null.</summary>
    private async Task<OperationStatus?> FinishedMeanwhileAsync(UpgradeMessage message, CancellationToken cancellationToken)
    {
        var record = await customers.LoadAsync(message.PartnerId, message.CustomerId, message.OperationId, cancellationToken);
        return record?.Operation?.Operation is { IsFinished: true } operation ? operation.Status : null;
    }

    private async Task ReleaseAsync(UpgradeMessage message, SubscriptionClaim? claim, CancellationToken cancellationToken)
    {
        if (claim is not null)
        {
            await claims.ReleaseAsync(message.PartnerId, message.CustomerId, claim, cancellationToken);
        }
    }

    /// <summary>Commits tried within one delivery when another seat change for the customer lands between read and commit.</summary>
    public const int MaxSeatAttempts = 3;

    private static UpgradeError ConcurrencyConflict(OperationId other) => new(
        UpgradeErrorCodes.ConcurrencyConflicts,
        "Another change to this subscription was in progress.",
        $"Operation {other} holds the subscription. Check eligibility again and resubmit.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Upgrade {OperationId}: the customer's seats changed during attempt {Attempt}; planning again")]
    private static partial void LogSeatsChanged(ILogger logger, Exception exception, OperationId operationId, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Upgrade {OperationId} has no operation row; the message is dropped")]
    private static partial void LogMissing(ILogger logger, OperationId operationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Upgrade {OperationId} already {Status}; repeated delivery ignored")]
    private static partial void LogAlreadyFinished(ILogger logger, OperationId operationId, OperationStatus status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upgrade {OperationId} commit conflicted at action {Index}; will retry")]
    private static partial void LogCommitConflict(ILogger logger, Exception exception, OperationId operationId, int? index);

    [LoggerMessage(Level = LogLevel.Information, Message = "Upgrade {OperationId} succeeded: target {TargetSubscriptionId}, net {NetAmount}")]
    private static partial void LogSucceeded(ILogger logger, OperationId operationId, SubscriptionId targetSubscriptionId, Money netAmount);
}
