namespace CspUpgrades.Storage.Queues;

public sealed record SendReceipt(
    string MessageId,
    string PopReceipt,
    DateTimeOffset? InsertedOn,
    DateTimeOffset? ExpiresOn,
    DateTimeOffset? NextVisibleOn);
