using CspUpgrades.Storage.Queues;

namespace CspUpgrades.Functions.LocalRunner;

/// <summary>Keeps a received message invisible while its function runs, renewing at half the lease.</summary>
public sealed class MessageLease(QueueClient queue, QueueMessage message, TimeSpan lease, TimeProvider time)
{
    public string PopReceipt { get; private set; } = message.PopReceipt;

    public async Task KeepAliveAsync(CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(lease / 2, time, stop);
                var receipt = await queue.UpdateMessageAsync(message.MessageId, PopReceipt, lease, cancellationToken: stop);
                PopReceipt = receipt.PopReceipt;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The function finished; the caller settles the message with the latest receipt.
        }
    }
}
