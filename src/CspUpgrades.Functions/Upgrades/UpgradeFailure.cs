using Azure;
using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Planning;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.CustomerSummaries;
using CspUpgrades.Functions.Events;
using CspUpgrades.Storage.Customers;
using CspUpgrades.Storage.Operations;
using CspUpgrades.Storage.Outbox;
using CspUpgrades.Storage.Upgrades;

namespace CspUpgrades.Functions.Upgrades;

/// <summary>
/// The one way an upgrade that cannot go on is finished, whoever finds it (the executor, the poison queue, the sweeper):
/// its operation is marked failed with the reasons, the source subscription's claim is released if this operation holds
/// it, and its pending row is forgotten. Nothing else was written: an upgrade commits entirely or not at all.
/// </summary>
public partial class UpgradeFailure(
    UpgradeCommits commits,
    PendingOperations pending,
    CustomerSummaryRefresher summaries,
    UpgradeEvents events,
    OutboxDrain drain,
    TimeProvider time,
    ILogger<UpgradeFailure> logger)
{
    /// <summary>
    /// Marks the operation failed (conditional on the operation as read: an execution that commits meanwhile wins, and
    /// this throws), with its <c>upgrade.failed</c> event, which is then published with whatever else the read found pending.
    /// <paramref name="claim"/> is released only if it is this operation's.
    /// </summary>
    /// <param name="record">The customer as read, with the operation (<see cref="CustomerRecord.Operation"/>).</param>
    public async Task FailAsync(CustomerRecord record, SubscriptionClaim? claim, IReadOnlyList<UpgradeError> errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(errors);
        var stored = record.Operation ?? throw new ArgumentException("The record was read without its operation.", nameof(record));
        var operation = stored.Operation;
        var result = new UpgradeResult(operation.Request.SourceSubscriptionId, null, operation.Request.UpgradeType, errors, []);
        IReadOnlyList<PartnerEvent> written = [];
        await commits.CommitFailedAsync(
            stored, result, claim?.OperationId == operation.Id ? claim : null, time.GetUtcNow(), failed => written = events.Finished(failed), cancellationToken);
        LogFailed(logger, operation.Id, string.Join(",", errors.Select(error => error.Code)));
        // The claim released may make the subscription upgradable again in the customer list.
        await summaries.RefreshAsync(operation.PartnerId, operation.CustomerId, cancellationToken);
        await drain.DrainAsync(operation.PartnerId, operation.CustomerId, record.PendingEvents, written, cancellationToken);
        await ForgetPendingAsync(operation, cancellationToken);
    }

    /// <summary>
    /// Best effort: the operation has finished, so the stuck-operation sweeper need not look at it. A failure here only
    /// leaves the row for the sweeper to delete; it must not make the host redeliver a finished upgrade.
    /// </summary>
    public async Task ForgetPendingAsync(UpgradeOperation operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        try
        {
            await pending.RemoveAsync(operation, cancellationToken);
        }
        catch (RequestFailedException ex)
        {
            LogPendingNotRemoved(logger, ex, operation.Id);
        }
    }

    /// <summary>The reason given when an upgrade is abandoned before it could run: <paramref name="why"/>, and what to do.</summary>
    public static UpgradeError Abandoned(string why) => new(
        UpgradeErrorCodes.Other,
        $"The upgrade {why}; nothing was changed or billed.",
        "Check eligibility again and resubmit; if it happens again, contact support with the operation id.");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upgrade {OperationId} failed: {Codes}")]
    private static partial void LogFailed(ILogger logger, OperationId operationId, string codes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upgrade {OperationId} finished, but its pending row was not removed; the sweeper will")]
    private static partial void LogPendingNotRemoved(ILogger logger, Exception exception, OperationId operationId);
}
