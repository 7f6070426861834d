using CspUpgrades.Functions.Upgrades;
using CspUpgrades.Storage.Customers;

namespace CspUpgrades.Functions.FailPoisonedUpgrade;

/// <summary>
/// A message that failed every delivery lands in <c>upgrade-requests-poison</c>; this marks its operation
/// failed (releasing its claim) so the partner sees the outcome instead of a request that never ends.
/// Nothing was committed: an upgrade either commits entirely or not at all.
/// </summary>
public partial class FailPoisonedUpgradeHandler(
    CustomerStore customers,
    SubscriptionClaims claims,
    UpgradeFailure failure,
    ILogger<FailPoisonedUpgradeHandler> logger)
{
    public async Task<bool> HandleAsync(UpgradeMessage message, CancellationToken cancellationToken)
    {
        var record = await customers.LoadAsync(message.PartnerId, message.CustomerId, message.OperationId, cancellationToken);
        if (record?.Operation is not { } stored)
        {
            return false;
        }

        if (stored.Operation.IsFinished)
        {
            // A repeated delivery of a finished upgrade claimed the subscription again and then kept failing before
            // it could give the claim back: release it, or it would block the subscription's next change.
            if (record.ClaimOn(stored.Operation.Request.SourceSubscriptionId) is { } leftover && leftover.OperationId == message.OperationId)
            {
                await claims.ReleaseAsync(message.PartnerId, message.CustomerId, leftover, cancellationToken);
                LogLeftoverClaimReleased(logger, message.OperationId.Value);
            }

            return false;
        }

        await failure.FailAsync(record, record.ClaimOn(stored.Operation.Request.SourceSubscriptionId),
            [UpgradeFailure.Abandoned("could not be carried out after repeated attempts")], cancellationToken);
        LogPoisoned(logger, message.OperationId.Value);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upgrade {OperationId} had already finished; released the claim a repeated delivery left behind")]
    private static partial void LogLeftoverClaimReleased(ILogger logger, string operationId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Upgrade {OperationId} reached the poison queue and was marked failed")]
    private static partial void LogPoisoned(ILogger logger, string operationId);
}
