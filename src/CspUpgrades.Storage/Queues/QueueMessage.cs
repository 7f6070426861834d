namespace CspUpgrades.Storage.Queues;

/// <summary>A received message: invisible to others until <see cref="NextVisibleOn"/>; delete it with its <see cref="PopReceipt"/>.</summary>
public sealed record QueueMessage(
    string MessageId,
    string PopReceipt,
    BinaryData Body,
    long DequeueCount,
    DateTimeOffset? InsertedOn,
    DateTimeOffset? ExpiresOn,
    DateTimeOffset? NextVisibleOn)
{
    /// <summary>The body as UTF-8 text (already base64-decoded).</summary>
    public string MessageText => Body.ToString();
}
