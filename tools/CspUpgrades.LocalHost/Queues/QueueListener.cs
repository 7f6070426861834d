using System.Text.Json;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using CspUpgrades.LocalHost.App;
using CspUpgrades.LocalHost.Invocations;
using CspUpgrades.LocalHost.Rpc;
using CspUpgrades.LocalHost.Worker;
using Google.Protobuf;

namespace CspUpgrades.LocalHost.Queues;

/// <summary>
/// A queue trigger with the Functions host's semantics (host.json <c>extensions.queues</c>): fetch up to batchSize
/// messages, fetch again once in-flight work drops to newBatchThreshold, back off polling up to maxPollingInterval
/// while the queue is empty, keep each message invisible while its function runs (renewed at half the lease), delete it
/// only after success, make a failed one visible again after visibilityTimeout, and move it to <c>&lt;queue&gt;-poison</c>
/// once it was delivered maxDequeueCount times. At least once: a crash anywhere leaves the message in the queue.
/// </summary>
internal sealed class QueueListener : IManualTrigger, IAsyncDisposable
{
    private readonly FunctionDefinition _function;
    private readonly QueueTrigger _trigger;
    private readonly QueueSettings _settings;
    private readonly WorkerSupervisor _supervisor;
    private readonly FunctionInvoker _invoker;
    private readonly LocalHostOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly QueueClient _queue;
    private readonly QueueClient _poison;
    private readonly QueueClient _rawPoison;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _slots;
    private readonly List<Task> _inFlight = [];
    private Task _polling = Task.CompletedTask;
    private bool _poisonQueueCreated;

    public QueueListener(
        FunctionDefinition function, QueueSettings settings, WorkerSupervisor supervisor, FunctionInvoker invoker, LocalHostOptions options, ILogger logger, TimeProvider time)
    {
        _function = function;
        _trigger = (QueueTrigger)function.Trigger;
        _settings = settings;
        _supervisor = supervisor;
        _invoker = invoker;
        _options = options;
        _logger = logger;
        _time = time;
        var clientOptions = new QueueClientOptions { MessageEncoding = settings.MessageEncoding, Diagnostics = { ApplicationId = LocalFunctionsHost.StorageApplicationId } };
        clientOptions.MessageDecodingFailed += OnUndecodableAsync;
        _queue = new QueueClient(_trigger.ConnectionString, _trigger.QueueName, clientOptions);
        _poison = new QueueClient(_trigger.ConnectionString, _trigger.PoisonQueueName,
            new QueueClientOptions { MessageEncoding = settings.MessageEncoding, Diagnostics = { ApplicationId = LocalFunctionsHost.StorageApplicationId } });
        _rawPoison = new QueueClient(_trigger.ConnectionString, _trigger.PoisonQueueName,
            new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None, Diagnostics = { ApplicationId = LocalFunctionsHost.StorageApplicationId } });

        // At most batchSize + newBatchThreshold messages in flight, as in the Functions host.
        _slots = new SemaphoreSlim(settings.BatchSize + settings.NewBatchThreshold);
    }

    public string FunctionName => _function.Name;

    public void Start() => _polling = PollAsync(_stopping.Token);

    /// <summary>Runs the function on <paramref name="input"/> as if it were a message's text (no message: nothing to delete or retry).</summary>
    public void FireNow(string? input)
    {
        var now = _time.GetUtcNow();
        var message = QueuesModelFactory.QueueMessage(
            messageId: Guid.NewGuid().ToString(),
            popReceipt: string.Empty,
            body: BinaryData.FromString(input ?? string.Empty),
            dequeueCount: 1,
            nextVisibleOn: now,
            insertedOn: now,
            expiresOn: now.AddDays(7));
        Track(InvokeAsync(message, "This function was programmatically called via the host APIs.", CancellationToken.None));
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _polling.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Task[] inFlight;
        lock (_inFlight)
        {
            inFlight = [.. _inFlight];
        }

        await Task.WhenAll(inFlight).WaitAsync(_options.ShutdownGrace, _time).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        var delay = QueueSettings.MinPollingInterval;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await _supervisor.WaitForReadyAsync(cancellationToken);

                // Fetch a new batch once in-flight work is down to newBatchThreshold.
                while (_slots.CurrentCount < _settings.BatchSize)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(20), _time, cancellationToken);
                }

                QueueMessage[] messages;
                try
                {
                    messages = (await _queue.ReceiveMessagesAsync(_settings.BatchSize, _options.QueueMessageLease, cancellationToken)).Value;
                }
                catch (RequestFailedException e) when (e.ErrorCode == QueueErrorCode.QueueNotFound)
                {
                    messages = [];
                }

                if (messages.Length == 0)
                {
                    await Task.Delay(delay, _time, cancellationToken);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _settings.MaxPollingInterval.Ticks));
                    continue;
                }

                delay = QueueSettings.MinPollingInterval;
                foreach (var message in messages)
                {
                    await _slots.WaitAsync(cancellationToken);
                    Track(ProcessAsync(message));
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (RequestFailedException e)
            {
                HostLog.QueueError(_logger, _trigger.QueueName, _function.Name, e.Message);
                await Task.Delay(_settings.MaxPollingInterval, _time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task ProcessAsync(QueueMessage message)
    {
        try
        {
            if (message.DequeueCount > _settings.MaxDequeueCount)
            {
                await MoveToPoisonAsync(message, message.PopReceipt);
                return;
            }

            using var renewal = new CancellationTokenSource();
            var lease = new Lease(message.PopReceipt);
            var renewing = RenewAsync(message, lease, renewal.Token);
            InvocationResult result;
            try
            {
                result = await InvokeAsync(message, $"New queue message detected on '{_trigger.QueueName}'.", _stopping.Token);
            }
            finally
            {
                await renewal.CancelAsync();
                await renewing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            if (result.Succeeded)
            {
                await _queue.DeleteMessageAsync(message.MessageId, lease.PopReceipt);
            }
            else if (message.DequeueCount >= _settings.MaxDequeueCount)
            {
                await MoveToPoisonAsync(message, lease.PopReceipt);
            }
            else
            {
                await _queue.UpdateMessageAsync(message.MessageId, lease.PopReceipt, visibilityTimeout: _settings.VisibilityTimeout);
            }
        }
        catch (Exception e) when (e is RequestFailedException or OperationCanceledException)
        {
            // The message stays in the queue and comes back when its invisibility ends: at least once.
            HostLog.QueueError(_logger, _trigger.QueueName, _function.Name, $"message {message.MessageId}: {e.Message}");
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task<InvocationResult> InvokeAsync(QueueMessage message, string reason, CancellationToken cancellationToken)
    {
        WorkerInstance worker;
        try
        {
            worker = await _supervisor.WaitForReadyAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return new InvocationResult(InvocationStatus.Cancelled, "The host is stopping.");
        }

        var text = message.Body.ToString();
        var data = _trigger.Binary ? new TypedData { Bytes = ByteString.CopyFrom(message.Body.ToMemory().Span) } : FunctionInvoker.Text(text);
        var metadata = new Dictionary<string, TypedData>(StringComparer.Ordinal)
        {
            ["QueueTrigger"] = FunctionInvoker.Text(text),
            ["Id"] = FunctionInvoker.Text(message.MessageId),
            ["PopReceipt"] = FunctionInvoker.Text(message.PopReceipt ?? string.Empty),
            ["DequeueCount"] = FunctionInvoker.Json(JsonSerializer.Serialize(message.DequeueCount)),
        };
        AddDate(metadata, "InsertionTime", message.InsertedOn);
        AddDate(metadata, "ExpirationTime", message.ExpiresOn);
        AddDate(metadata, "NextVisibleTime", message.NextVisibleOn);
        var invocation = _invoker.Start(worker, _function, reason, new ParameterBinding { Name = _trigger.BindingName, Data = data }, metadata);
        return await invocation.Completion;
    }

    private static void AddDate(Dictionary<string, TypedData> metadata, string key, DateTimeOffset? value)
    {
        if (value is { } date)
        {
            metadata[key] = FunctionInvoker.Json(JsonSerializer.Serialize(date));
        }
    }

    /// <summary>Keeps the message invisible while its function runs: every half lease, another full lease.</summary>
    private async Task RenewAsync(QueueMessage message, Lease lease, CancellationToken cancellationToken)
    {
        var every = _options.QueueMessageLease / 2;
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(every, _time, cancellationToken);

            // Not cancelled mid-request: the pop receipt it returns is the one the final delete or release needs.
            try
            {
                var updated = await _queue.UpdateMessageAsync(message.MessageId, lease.PopReceipt, visibilityTimeout: _options.QueueMessageLease, cancellationToken: CancellationToken.None);
                lease.PopReceipt = updated.Value.PopReceipt;
            }
            catch (RequestFailedException e)
            {
                HostLog.QueueError(_logger, _trigger.QueueName, _function.Name, $"could not renew message {message.MessageId}'s invisibility: {e.Message}");
            }
        }
    }

    private async Task MoveToPoisonAsync(QueueMessage message, string popReceipt)
    {
        if (!_poisonQueueCreated)
        {
            await _poison.CreateIfNotExistsAsync();
            _poisonQueueCreated = true;
        }

        await _poison.SendMessageAsync(message.Body);
        await _queue.DeleteMessageAsync(message.MessageId, popReceipt);
        HostLog.MovedToPoison(_logger, message.MessageId, _trigger.QueueName, _trigger.PoisonQueueName, message.DequeueCount);
    }

    /// <summary>A message that is not valid base64 (with messageEncoding base64) can never run: it goes to the poison queue as it is.</summary>
    private async Task OnUndecodableAsync(QueueMessageDecodingFailedEventArgs args)
    {
        if (args.ReceivedMessage is not { } message)
        {
            return;
        }

        try
        {
            await _rawPoison.CreateIfNotExistsAsync();
            await _rawPoison.SendMessageAsync(message.Body);
            await _queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            HostLog.MovedToPoison(_logger, message.MessageId, _trigger.QueueName, _trigger.PoisonQueueName, message.DequeueCount);
        }
        catch (RequestFailedException e)
        {
            HostLog.QueueError(_logger, _trigger.QueueName, _function.Name, $"could not move undecodable message {message.MessageId} to the poison queue: {e.Message}");
        }
    }

    private void Track(Task task)
    {
        lock (_inFlight)
        {
            _inFlight.RemoveAll(t => t.IsCompleted);
            _inFlight.Add(task);
        }
    }

    private sealed class Lease(string popReceipt)
    {
        public string PopReceipt { get; set; } = popReceipt;
    }
}
