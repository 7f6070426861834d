using System.Diagnostics;
using System.Globalization;
using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Planning;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.Events;
using CspUpgrades.Functions.Upgrades;
using CspUpgrades.Storage.Customers;
using CspUpgrades.Storage.Operations;

namespace CspUpgrades.Functions.RequestUpgrade;

/// <summary>
/// Accepts an upgrade: checks eligibility on current state, fixes the target price, records the
/// operation and queues it. With an idempotency key, a repeated request answers with the operation
/// recorded the first time, whatever has happened since.
/// </summary>
public partial class RequestUpgradeHandler(
    CustomerStore customers,
    UpgradeOperationStore operations,
    UpgradeQueue queue,
    UpgradeEvents events,
    OfferCatalog catalog,
    TimeProvider time,
    ILogger<RequestUpgradeHandler> logger)
{
    public async Task<RequestUpgradeOutcome> HandleAsync(
        PartnerId partner, CustomerId customer, UpgradeRequest request, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var fingerprint = IdempotencyKey.Fingerprint(
            customer.Value, request.SourceSubscriptionId.Value, request.TargetOfferId.Value,
            request.UpgradeType.ToString(), request.Quantity?.ToString(CultureInfo.InvariantCulture));
        var operationId = idempotencyKey is null ? new OperationId(Guid.NewGuid().ToString("D")) : IdempotencyKey.OperationIdFor(partner, idempotencyKey);

        if (idempotencyKey is not null && await operations.FindAsync(partner, operationId, cancellationToken) is { } earlier)
        {
            if (earlier.RequestHash != fingerprint || earlier.CustomerId != customer)
            {
                return new RequestUpgradeOutcome.KeyReused();
            }

            // Still waiting for a worker: the first attempt may have failed after recording it and before queueing
            // it (its caller saw a 503 and retried). Queue it again rather than leave it to the sweeper; a second
            // message for the same operation is a no-op.
            if (earlier.Status == OperationStatus.Queued)
            {
                await EnqueueAsync(earlier, cancellationToken);
            }

            return new RequestUpgradeOutcome.Accepted(earlier, Replayed: true);
        }

        var record = await customers.LoadAsync(partner, customer, cancellationToken: cancellationToken);
        var source = record?.Snapshot.FindSubscription(request.SourceSubscriptionId);
        if (record is null || source is null)
        {
            return new RequestUpgradeOutcome.NotFound();
        }

        // The one evaluation eligibility answers with too: whatever refuses the request here, the list has already said.
        var option = UpgradeEligibility.EvaluateTarget(
            catalog, record.Snapshot, source.Id, request.TargetOfferId, request.UpgradeType, request.Quantity, record.HeldBy(source.Id, time.GetUtcNow()));
        if (!option.IsEligible)
        {
            return new RequestUpgradeOutcome.NotEligible(option.UpgradeErrors);
        }

        // Eligible means priced (target_offer_not_priced otherwise): the price the preview showed.
        var price = UpgradePlanner.TargetUnitPrice(catalog, source, request.TargetOfferId)!.Value;

        var operation = new UpgradeOperation
        {
            Id = operationId,
            PartnerId = partner,
            CustomerId = customer,
            Request = request,
            TargetUnitPrice = price,
            RequestHash = fingerprint,
            CreatedAt = time.GetUtcNow(),
            TraceParent = Activity.Current?.Id,
        };

        // The accepted event waits in its outbox row for the execution, which publishes it with the outcome's (one drain, not two).
        switch (await operations.CreateAsync(operation, events.Accepted(operation), cancellationToken))
        {
            case CreateOperationOutcome.Created created:
                await EnqueueAsync(created.Operation, cancellationToken);
                LogAccepted(logger, created.Operation.Id, partner, customer);
                return new RequestUpgradeOutcome.Accepted(created.Operation, Replayed: false);
            case CreateOperationOutcome.AlreadyExists existing:
                // A concurrent twin (same key) recorded it first; it queues its own message, but one more is harmless.
                if (!existing.Operation.IsFinished)
                {
                    await EnqueueAsync(existing.Operation, cancellationToken);
                }

                return new RequestUpgradeOutcome.Accepted(existing.Operation, Replayed: true);
            default:
                return new RequestUpgradeOutcome.KeyReused();
        }
    }

    private Task EnqueueAsync(UpgradeOperation operation, CancellationToken cancellationToken) =>
        queue.EnqueueAsync(UpgradeMessage.For(operation), cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Upgrade {OperationId} accepted for partner {PartnerId}, customer {CustomerId}")]
    private static partial void LogAccepted(ILogger logger, OperationId operationId, PartnerId partnerId, CustomerId customerId);
}
