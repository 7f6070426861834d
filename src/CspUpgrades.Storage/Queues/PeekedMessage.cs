namespace CspUpgrades.Storage.Queues;

/// <summary>A message seen without being received: no pop receipt, visibility unchanged.</summary>
public sealed record PeekedMessage(
    string MessageId,
    BinaryData Body,
    long DequeueCount,
    DateTimeOffset? InsertedOn,
    DateTimeOffset? ExpiresOn)
{
    public string MessageText => Body.ToString();
}
