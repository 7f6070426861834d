namespace CspUpgrades.Storage.Outbox;

/// <summary>An event still in its outbox row (<c>publish|…</c> in the partition of the fact it announces), and where that row is.</summary>
public sealed record PendingEvent(PartnerEvent Event, string PartitionKey, string RowKey);
