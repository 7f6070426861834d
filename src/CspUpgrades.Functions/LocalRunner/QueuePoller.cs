using CspUpgrades.Functions.Hosting;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace CspUpgrades.Functions.LocalRunner;

/// <summary>
/// Polls one queue with the Functions host's semantics: batches of <c>batchSize</c>, a new batch when
/// in-flight work drops to <c>newBatchThreshold</c>, the lease renewed while a function runs, failed
/// messages made visible again after <c>visibilityTimeout</c>, and moved to <c>{queue}-poison</c> once
/// delivered <c>maxDequeueCount</c> times. A message received more often than that (its earlier deliveries
/// never settled, e.g. the process died) goes to the poison queue without another invocation, as under the
/// host. Idle polling backs off exponentially.
/// </summary>
public sealed partial class QueuePoller(
    string functionName,
    QueueClient queue,
    QueueClient poisonQueue,
    QueueHostSettings settings,
    LocalRunnerOptions options,
    InvocationDispatcher dispatcher,
    TimeProvider time,
    ILogger logger,
    Action? beforeDelete = null)
{
    public async Task RunAsync(CancellationToken stopping)
    {
        await queue.CreateIfNotExistsAsync(cancellationToken: stopping);
        await poisonQueue.CreateIfNotExistsAsync(cancellationToken: stopping);

        var inFlight = new List<Task>();
        var idleDelay = options.MinPollingInterval;
        while (!stopping.IsCancellationRequested)
        {
            inFlight.RemoveAll(task => task.IsCompleted);
            if (inFlight.Count > settings.NewBatchThreshold)
            {
                await Task.WhenAny(inFlight).WaitAsync(stopping);
                continue;
            }

            QueueMessage[] messages;
            try
            {
                messages = (await queue.ReceiveMessagesAsync(settings.BatchSize, options.MessageLease, stopping)).Value;
            }
            catch (Azure.RequestFailedException ex)
            {
                LogPollFailed(logger, ex, queue.Name);
                messages = [];
            }

            if (messages.Length == 0)
            {
                await Task.Delay(idleDelay, time, stopping);
                idleDelay = TimeSpan.FromTicks(Math.Min(idleDelay.Ticks * 2, settings.MaxPollingInterval.Ticks));
                continue;
            }

            idleDelay = options.MinPollingInterval;
            inFlight.AddRange(messages.Select(message => ProcessAsync(message, stopping)));
        }
    }

    private async Task ProcessAsync(QueueMessage message, CancellationToken stopping)
    {
        if (message.DequeueCount > settings.MaxDequeueCount)
        {
            // Delivered before without ever being settled (each attempt took the process down): never again.
            await TrySettleAsync(message, message.PopReceipt, succeeded: false, stopping);
            return;
        }

        var lease = new MessageLease(queue, message, options.MessageLease, time);
        bool succeeded;
        using (var renewal = CancellationTokenSource.CreateLinkedTokenSource(stopping))
        {
            var renewing = lease.KeepAliveAsync(renewal.Token, stopping);
            try
            {
                succeeded = await InvokeAsync(message, stopping);
            }
            finally
            {
                // Whatever happened to the invocation, the lease must stop being renewed, or the message
                // would stay invisible (never retried, never poisoned) for as long as the process lives.
                await renewal.CancelAsync();
                await renewing;
            }
        }

        if (stopping.IsCancellationRequested)
        {
            return; // Shutting down: the message becomes visible again when its lease ends.
        }

        await TrySettleAsync(message, lease.PopReceipt, succeeded, stopping);
    }

    private async Task TrySettleAsync(QueueMessage message, string popReceipt, bool succeeded, CancellationToken stopping)
    {
        try
        {
            await SettleAsync(message, popReceipt, succeeded, stopping);
        }
        catch (Azure.RequestFailedException ex)
        {
            // Lost the lease (e.g. renewal failed): the message comes back and is delivered again.
            LogSettleFailed(logger, ex, functionName, message.MessageId);
        }
    }

    private async Task<bool> InvokeAsync(QueueMessage message, CancellationToken stopping)
    {
        try
        {
            var request = HostEnvelopes.ForQueueMessage(functionName, message, time.GetUtcNow());
            return await dispatcher.InvokeAsync(functionName, request, stopping);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !stopping.IsCancellationRequested))
        {
            // No answer (connection refused, or the HTTP client's timeout): a failed delivery, as a host-side timeout is.
            LogInvocationFailed(logger, ex, functionName, message.MessageId);
            return false;
        }
    }

    private async Task SettleAsync(QueueMessage message, string popReceipt, bool succeeded, CancellationToken stopping)
    {
        if (succeeded)
        {
            beforeDelete?.Invoke();
            await queue.DeleteMessageAsync(message.MessageId, popReceipt, stopping);
        }
        else if (message.DequeueCount >= settings.MaxDequeueCount)
        {
            await poisonQueue.SendMessageAsync(message.MessageText, cancellationToken: stopping);
            await queue.DeleteMessageAsync(message.MessageId, popReceipt, stopping);
            LogPoisoned(logger, functionName, message.MessageId, message.DequeueCount, poisonQueue.Name);
        }
        else
        {
            await queue.UpdateMessageAsync(message.MessageId, popReceipt, visibilityTimeout: settings.VisibilityTimeout, cancellationToken: stopping);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling queue {Queue} failed; retrying")]
    private static partial void LogPollFailed(ILogger logger, Exception exception, string queue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Invoking {Function} for message {MessageId} failed")]
    private static partial void LogInvocationFailed(ILogger logger, Exception exception, string function, string messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Settling message {MessageId} of {Function} failed; it will be delivered again")]
    private static partial void LogSettleFailed(ILogger logger, Exception exception, string function, string messageId);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Function} failed message {MessageId} {DequeueCount} times; moved to {PoisonQueue}")]
    private static partial void LogPoisoned(ILogger logger, string function, string messageId, long dequeueCount, string poisonQueue);
}
