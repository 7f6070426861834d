namespace CspUpgrades.Storage.History;

/// <summary>One page of a subscription's history, newest first.</summary>
/// <param name="Entries">At most the number asked for.</param>
/// <param name="Next">Where the next page starts (pass it back to <see cref="SubscriptionHistoryStore.ReadPageAsync"/>); null on the last page.</param>
public sealed record SubscriptionHistoryPage(IReadOnlyList<SubscriptionHistoryEntry> Entries, string? Next);
