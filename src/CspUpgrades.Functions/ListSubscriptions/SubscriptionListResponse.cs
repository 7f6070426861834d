namespace CspUpgrades.Functions.ListSubscriptions;

/// <summary>A customer's subscriptions (all of them: the list is one customer's partition, never paged).</summary>
/// <param name="EffectiveDate">The day the upgrade previews are priced for.</param>
public sealed record SubscriptionListResponse(string CustomerId, DateOnly EffectiveDate, IReadOnlyList<SubscriptionSummaryResponse> Items);
