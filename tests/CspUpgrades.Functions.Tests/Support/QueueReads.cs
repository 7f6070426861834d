using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace CspUpgrades.Functions.Tests.Support;

/// <summary>What the tests read from a queue, as plain lists (the SDK answers <c>Response&lt;T[]&gt;</c>).</summary>
public static class QueueReads
{
    public static async Task<IReadOnlyList<QueueMessage>> ReceiveAsync(this QueueClient queue, int maxMessages, TimeSpan visibilityTimeout)
    {
        ArgumentNullException.ThrowIfNull(queue);
        return (await queue.ReceiveMessagesAsync(maxMessages, visibilityTimeout)).Value;
    }

    public static async Task<IReadOnlyList<PeekedMessage>> PeekAsync(this QueueClient queue, int maxMessages = 1)
    {
        ArgumentNullException.ThrowIfNull(queue);
        return (await queue.PeekMessagesAsync(maxMessages)).Value;
    }

    public static async Task<int> ApproximateCountAsync(this QueueClient queue)
    {
        ArgumentNullException.ThrowIfNull(queue);
        return (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
    }
}
