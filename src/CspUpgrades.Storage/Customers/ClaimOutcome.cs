using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Storage.Customers;

/// <summary>The result of trying to claim a subscription for an operation.</summary>
public abstract record ClaimOutcome
{
    /// <summary>The claim is ours (new, or already taken by this same operation on an earlier delivery).</summary>
    public sealed record Held(SubscriptionClaim Claim) : ClaimOutcome;

    /// <summary>Another operation owns the subscription.</summary>
    public sealed record HeldByOther(OperationId OtherOperation) : ClaimOutcome;
}
