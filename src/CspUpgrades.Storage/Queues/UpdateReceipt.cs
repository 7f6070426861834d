namespace CspUpgrades.Storage.Queues;

/// <summary>After an update the old pop receipt is void: use this one to update or delete again.</summary>
public sealed record UpdateReceipt(string PopReceipt, DateTimeOffset? NextVisibleOn);
