using Azure.Data.Tables;
using CspUpgrades.Domain.Billing;
using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Planning;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.CustomerSummaries;
using CspUpgrades.Functions.Events;
using CspUpgrades.Functions.Telemetry;
using CspUpgrades.Storage.Customers;
using CspUpgrades.Storage.Licenses;
using CspUpgrades.Storage.Outbox;

namespace CspUpgrades.Functions.AddLicenses;

/// <summary>
/// Adds seats to a subscription: the version guard, the Business-family seat cap, a prorated charge
/// for the rest of the period, all committed with the new quantity in one transaction while the
/// subscription is claimed (so an upgrade cannot run at the same time), conditional on the customer's
/// seat count as read (so a change to a sibling subscription cannot slip past the cap at the same time).
/// </summary>
public partial class AddLicensesHandler(
    CustomerStore customers,
    SubscriptionClaims claims,
    LicenseCommits commits,
    LicenseEvents events,
    OutboxDrain drain,
    CustomerSummaryRefresher summaries,
    OfferCatalog catalog,
    TimeProvider time,
    ILogger<AddLicensesHandler> logger)
{
    /// <summary>Attempts when another seat change for the customer lands between the read and the commit: each reads and plans again.</summary>
    public const int MaxAttempts = 3;

    public async Task<AddLicensesOutcome> HandleAsync(
        PartnerId partner, CustomerId customer, SubscriptionId subscriptionId, int quantity, long? expectedVersion, OperationId operationId,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            // Null: the customer's seats changed under us. Read again: the cap is then checked on the seats that landed.
            if (await TryAsync(partner, customer, subscriptionId, quantity, expectedVersion, operationId, cancellationToken) is { } outcome)
            {
                // Not a replay: it changes nothing, not even the list (the daily audit repairs a line a crash left behind).
                if (outcome is AddLicensesOutcome.Added { Replayed: false })
                {
                    await summaries.RefreshAsync(partner, customer, cancellationToken);
                }

                return outcome;
            }

            LogSeatsChanged(logger, operationId, attempt);
            if (attempt == MaxAttempts)
            {
                return new AddLicensesOutcome.Refused([Conflict()]);
            }
        }
    }

    private async Task<AddLicensesOutcome?> TryAsync(
        PartnerId partner, CustomerId customer, SubscriptionId subscriptionId, int quantity, long? expectedVersion, OperationId operationId,
        CancellationToken cancellationToken)
    {
        var chargeId = BillingLineId.For(operationId, BillingLineKind.Charge);
        var record = await customers.LoadWithBillingLineAsync(partner, customer, operationId, BillingLineKind.Charge, cancellationToken);
        var subscription = record?.Snapshot.FindSubscription(subscriptionId);
        if (record is null || subscription is null)
        {
            return new AddLicensesOutcome.NotFound();
        }

        if (record.BillingLines.TryGetValue(chargeId, out var earlier))
        {
            // The same key for other seats is a new request under an old key, not a retry: never answer it with another charge.
            if (earlier.Line.SubscriptionId != subscriptionId || earlier.Line.Quantity != quantity)
            {
                return new AddLicensesOutcome.KeyReused();
            }

            // A retry: the first attempt may have stopped between its commit and publishing its events.
            await drain.DrainAsync(record.PendingEvents, cancellationToken);
            return new AddLicensesOutcome.Added(subscription, earlier.Line, Replayed: true);
        }

        if (expectedVersion is { } version && version != subscription.Version)
        {
            return new AddLicensesOutcome.VersionMismatch(subscription.Version);
        }

        var now = time.GetUtcNow();
        var planned = LicenseAddition.Plan(catalog, record.Snapshot, subscriptionId, quantity, operationId, DateOnly.FromDateTime(now.UtcDateTime));
        if (!planned.IsPlanned)
        {
            return new AddLicensesOutcome.Refused(planned.Errors);
        }

        var claimed = await claims.TryClaimAsync(partner, customer, subscriptionId, operationId, now, record.ClaimOn(subscriptionId), cancellationToken);
        if (claimed is not ClaimOutcome.Held { Claim: var claim })
        {
            return new AddLicensesOutcome.Refused([Conflict()]);
        }

        try
        {
            IReadOnlyList<PartnerEvent> announced = [];
            var written = await commits.CommitAsync(
                record, planned.Plan, claim, subscription => announced = events.Added(partner, customer, planned.Plan, subscription, now), cancellationToken);
            LogAdded(logger, operationId, subscriptionId, quantity);
            await drain.DrainAsync(partner, customer, record.PendingEvents, announced, cancellationToken);
            CspUpgradesTelemetry.RecordBilling([planned.Plan.Charge]);
            return new AddLicensesOutcome.Added(written, planned.Plan.Charge, Replayed: false);
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
        {
            // Changed since we read it: nothing was written; give the claim back and let the caller retry.
            await claims.ReleaseAsync(partner, customer, claim, cancellationToken);
            return new AddLicensesOutcome.Refused([Conflict()]);
        }
        catch (SeatCountChangedException)
        {
            // Another change to the customer's seats landed since we read: nothing was written. Give the claim back and
            // let the caller read again (the claim would be ours again, but releasing keeps every early return simple).
            await claims.ReleaseAsync(partner, customer, claim, cancellationToken);
            return null;
        }
    }

    private static UpgradeError Conflict() => new(
        UpgradeErrorCodes.ConcurrencyConflicts,
        "Another change to this subscription is in progress or just happened.",
        "Read the subscription again and retry.");

    [LoggerMessage(Level = LogLevel.Information, Message = "License change {OperationId}: the customer's seats changed during attempt {Attempt}; nothing written")]
    private static partial void LogSeatsChanged(ILogger logger, OperationId operationId, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "License change {OperationId} added {Quantity} seats to subscription {SubscriptionId}")]
    private static partial void LogAdded(ILogger logger, OperationId operationId, SubscriptionId subscriptionId, int quantity);
}
