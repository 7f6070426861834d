namespace CspUpgrades.Functions.ListSubscriptionHistory;

/// <summary>One page of a subscription's history, newest first; <see cref="ContinuationToken"/> reads the next (null on the last page).</summary>
public sealed record SubscriptionHistoryResponse(IReadOnlyList<SubscriptionHistoryEntryResponse> Items, string? ContinuationToken);
