using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace CspUpgrades.Functions.LocalRunner;

/// <summary>Keeps a received message invisible while its function runs, renewing at half the lease.</summary>
public sealed class MessageLease(QueueClient queue, QueueMessage message, TimeSpan lease, TimeProvider time)
{
    public string PopReceipt { get; private set; } = message.PopReceipt;

    /// <param name="finished">Ends the renewals. A renewal already sent is allowed to complete, so
    /// <see cref="PopReceipt"/> is the message's current receipt when this returns.</param>
    /// <param name="stopping">Abandons even a renewal in flight (the process is shutting down).</param>
    public async Task KeepAliveAsync(CancellationToken finished, CancellationToken stopping = default)
    {
        try
        {
            while (true)
            {
                await Task.Delay(lease / 2, time, finished);

                // Not cancelled by `finished`: an update the service applied but we stopped waiting for would
                // leave us holding a stale receipt, and the finished message could not be deleted.
                UpdateReceipt receipt = await queue.UpdateMessageAsync(message.MessageId, PopReceipt, visibilityTimeout: lease, cancellationToken: stopping);
                PopReceipt = receipt.PopReceipt;
            }
        }
        catch (OperationCanceledException) when (finished.IsCancellationRequested || stopping.IsCancellationRequested)
        {
            // The function finished; the caller settles the message with the latest receipt.
        }
        catch (Azure.RequestFailedException)
        {
            // The lease is lost (the message was deleted, or its receipt is stale): stop renewing. The
            // message comes back when its last lease ends, and settling with the old receipt fails, loudly.
        }
    }
}
