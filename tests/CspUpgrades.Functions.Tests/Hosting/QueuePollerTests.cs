using CspUpgrades.Functions.Tests.Support;
using Azure;
using CspUpgrades.Storage.Clients;
using System.Collections.Concurrent;
using CspUpgrades.Functions.Hosting;
using CspUpgrades.Functions.LocalRunner;
using CspUpgrades.Functions.Tests.EndToEnd;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using CspUpgrades.Testing.Azurite;
using Microsoft.Extensions.Logging.Abstractions;

namespace CspUpgrades.Functions.Tests.Hosting;

/// <summary>
/// The local runner's queue semantics, against real Azurite queues (each test its own pair of queues):
/// delete on success, retry, poison after maxDequeueCount, idle backoff, lease renewal. The function is
/// a scripted stand-in for the app, so each test decides how every delivery ends.
/// </summary>
public sealed class QueuePollerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Function = "ScriptedFunction";

    private static readonly QueueHostSettings Settings = new(
        BatchSize: 16, NewBatchThreshold: 8, MaxPollingInterval: TimeSpan.FromMilliseconds(200), VisibilityTimeout: TimeSpan.Zero, MaxDequeueCount: 3);

    private static readonly LocalRunnerOptions Options = new()
    {
        MessageLease = TimeSpan.FromSeconds(30),
        MinPollingInterval = TimeSpan.FromMilliseconds(20),
    };

    [Fact]
    public async Task DeletesAMessageOnceItsFunctionSucceeded()
    {
        var (queue, poison) = await QueuesAsync();
        var function = new ScriptedFunction(_ => Task.FromResult(true));
        await queue.SendMessageAsync("""{"work":1}""");

        await using (Run(queue, poison, function, Settings, Options))
        {
            await Eventually.UntilAsync(async () => await queue.ApproximateCountAsync() == 0, "the message to be deleted");
        }

        var delivery = Assert.Single(function.Deliveries);
        Assert.Equal("""{"work":1}""", delivery.QueueMessageText());
        Assert.Equal(1, delivery.DequeueCount());
        Assert.Empty(await poison.PeekAsync());
    }

    [Fact]
    public async Task RedeliversAFailedMessageAndMovesItToThePoisonQueueAfterMaxDequeueCountDeliveries()
    {
        var (queue, poison) = await QueuesAsync();
        var function = new ScriptedFunction(_ => Task.FromResult(false));
        await queue.SendMessageAsync("always fails");

        await using (Run(queue, poison, function, Settings, Options))
        {
            await Eventually.UntilAsync(async () => (await poison.PeekAsync()).Count == 1, "the message in the poison queue");
            await Eventually.UntilAsync(async () => await queue.ApproximateCountAsync() == 0, "the message to leave its queue");
        }

        Assert.Equal([1, 2, 3], function.Deliveries.Select(delivery => delivery.DequeueCount()));
        var poisoned = Assert.Single(await poison.PeekAsync());
        Assert.Equal("always fails", poisoned.MessageText);
    }

    [Fact]
    public async Task MovesAMessageDeliveredMoreThanMaxDequeueCountTimesToThePoisonQueueWithoutInvokingTheFunction()
    {
        // As the host does before it invokes anything: a message that took the process down on each of
        // its deliveries (so it was never settled as failed) must still end in the poison queue.
        var (queue, poison) = await QueuesAsync();
        await queue.SendMessageAsync("crashed the worker every time");
        for (var delivery = 0; delivery < Settings.MaxDequeueCount; delivery++)
        {
            var received = Assert.Single(await queue.ReceiveAsync(1, TimeSpan.FromSeconds(30)));
            await queue.UpdateMessageAsync(received.MessageId, received.PopReceipt, visibilityTimeout: TimeSpan.Zero);
        }

        var function = new ScriptedFunction(_ => Task.FromResult(true));
        await using (Run(queue, poison, function, Settings, Options))
        {
            await Eventually.UntilAsync(async () => (await poison.PeekAsync()).Count == 1, "the message in the poison queue");
            await Eventually.UntilAsync(async () => await queue.ApproximateCountAsync() == 0, "the message to leave its queue");
        }

        Assert.Empty(function.Deliveries);
        Assert.Equal("crashed the worker every time", Assert.Single(await poison.PeekAsync()).MessageText);
    }

    [Fact]
    public async Task DoublesTheWaitAfterEachEmptyPollUpToMaxPollingIntervalAndStartsOverAfterAMessage()
    {
        var (queue, poison) = await QueuesAsync();
        var clock = new DelayRecordingTimeProvider();
        var function = new ScriptedFunction(_ => Task.FromResult(true));
        var polls = new List<TimeSpan>();

        await using (Run(queue, poison, function, Settings, Options, clock))
        {
            await Eventually.UntilAsync(() => clock.PollingDelays(Options.MessageLease).Count >= 6, "six empty polls");
            await queue.SendMessageAsync("wakes the poller");
            await Eventually.UntilAsync(() => function.Deliveries.Count == 1, "the message to be delivered");
            await Eventually.UntilAsync(
                () => clock.PollingDelays(Options.MessageLease).SkipWhile(delay => delay < Settings.MaxPollingInterval).Any(delay => delay == Options.MinPollingInterval),
                "the wait to start over after the message");
            polls.AddRange(clock.PollingDelays(Options.MessageLease));
        }

        Assert.Equal([Ms(20), Ms(40), Ms(80), Ms(160), Ms(200), Ms(200)], polls.Take(6));
        Assert.All(polls, delay => Assert.InRange(delay, Options.MinPollingInterval, Settings.MaxPollingInterval));
    }

    [Fact]
    public async Task KeepsALongRunningMessageInvisibleByRenewingItsLease()
    {
        var (queue, poison) = await QueuesAsync();
        var renewals = new RenewalCountingQueue(azurite.ConnectionString, queue.Name);
        var release = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var function = new ScriptedFunction(_ => release.Task);

        // Short, but with room for a busy machine's late timers: renewed every 1.5 s, each renewal good for 3 s.
        var shortLease = new LocalRunnerOptions { MessageLease = TimeSpan.FromSeconds(3), MinPollingInterval = TimeSpan.FromMilliseconds(20) };
        await queue.SendMessageAsync("takes longer than one lease");

        await using (Run(renewals, poison, function, Settings, shortLease))
        {
            await Eventually.UntilAsync(() => function.Deliveries.Count == 1, "the first delivery");

            // Three renewals at half-lease intervals: the lease taken on receipt has run out by now.
            await Eventually.UntilAsync(() => renewals.Renewals >= 3, "three lease renewals");
            Assert.Empty(await queue.PeekAsync());
            Assert.Single(function.Deliveries);

            release.SetResult(true);
            await Eventually.UntilAsync(async () => await queue.ApproximateCountAsync() == 0, "the finished message to be deleted with its renewed receipt");
        }

        Assert.Single(function.Deliveries);
        Assert.Empty(await poison.PeekAsync());
    }

    [Fact]
    public async Task DeletesAFinishedMessageWhoseLeaseWasBeingRenewedAtThatMoment()
    {
        // The service applied the renewal (the old receipt is dead) but its answer is still on the way
        // when the function finishes: the poller must wait for the new receipt, not abandon the renewal.
        var (queue, poison) = await QueuesAsync();
        var slow = new SlowRenewalAnswers(azurite.ConnectionString, queue.Name);
        var function = new ScriptedFunction(async _ =>
        {
            await slow.RenewalApplied.Task;
            return true;
        });
        var shortLease = new LocalRunnerOptions { MessageLease = TimeSpan.FromSeconds(2), MinPollingInterval = TimeSpan.FromMilliseconds(20) };
        await queue.SendMessageAsync("finishes during a renewal");

        await using (Run(slow, poison, function, Settings, shortLease))
        {
            await Eventually.UntilAsync(async () => await queue.ApproximateCountAsync() == 0, "the finished message to be deleted");
        }

        Assert.Single(function.Deliveries);
    }

    [Fact]
    public async Task LetsAMessageComeBackWhenItsInvocationThrowsInsteadOfRenewingItsLeaseForever()
    {
        // E.g. the HTTP client's timeout: the invocation fails with an exception, not with an answer.
        var (queue, poison) = await QueuesAsync();
        var function = new ScriptedFunction(delivery => delivery.DequeueCount() == 1
            ? Task.FromException<bool>(new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout."))
            : Task.FromResult(true));
        await queue.SendMessageAsync("first invocation times out");

        // With a 30 s lease renewed every 15 s, a renewal left running would hide the message past the deadline.
        await using (Run(queue, poison, function, Settings, Options))
        {
            await Eventually.UntilAsync(() => function.Deliveries.Count == 2, "the message to be delivered again", TimeSpan.FromSeconds(15));
            await Eventually.UntilAsync(async () => await queue.ApproximateCountAsync() == 0, "the message to be deleted after the second delivery");
        }

        Assert.Equal([1, 2], function.Deliveries.Select(delivery => delivery.DequeueCount()));
    }

    private static TimeSpan Ms(int milliseconds) => TimeSpan.FromMilliseconds(milliseconds);

    private async Task<(QueueClient Queue, QueueClient Poison)> QueuesAsync()
    {
        var name = AzuriteFixture.UniqueName("poller");
        var queue = new QueueClient(azurite.ConnectionString, name, StorageClientDefaults.QueueOptions());
        var poison = new QueueClient(azurite.ConnectionString, name + "-poison", StorageClientDefaults.QueueOptions());
        await queue.CreateIfNotExistsAsync();
        await poison.CreateIfNotExistsAsync();
        return (queue, poison);
    }

    private static RunningPoller Run(
        QueueClient queue, QueueClient poison, ScriptedFunction function, QueueHostSettings settings, LocalRunnerOptions options, TimeProvider? time = null) =>
        new(new QueuePoller(Function, queue, poison, settings, options, function, time ?? TimeProvider.System, NullLogger.Instance));

    /// <summary>Stands in for the app: records every envelope and answers as the test scripted.</summary>
    private sealed class ScriptedFunction(Func<InvocationRequest, Task<bool>> answer) : InvocationDispatcher(null!, null!)
    {
        private readonly ConcurrentQueue<InvocationRequest> _deliveries = new();

        public IReadOnlyList<InvocationRequest> Deliveries => [.. _deliveries];

        public override Task<bool> InvokeAsync(string functionName, InvocationRequest request, CancellationToken cancellationToken)
        {
            Assert.Equal(Function, functionName);
            _deliveries.Enqueue(request);
            return answer(request);
        }
    }

    /// <summary>The real queue, counting the visibility updates the poller completed (its lease renewals).</summary>
    private sealed class RenewalCountingQueue(string connectionString, string name) : QueueClient(connectionString, name, StorageClientDefaults.QueueOptions())
    {
        private int _renewals;

        public int Renewals => Volatile.Read(ref _renewals);

        public override async Task<Response<UpdateReceipt>> UpdateMessageAsync(
            string messageId, string popReceipt, string? messageText = null, TimeSpan visibilityTimeout = default, CancellationToken cancellationToken = default)
        {
            var receipt = await base.UpdateMessageAsync(messageId, popReceipt, messageText, visibilityTimeout, cancellationToken);
            Interlocked.Increment(ref _renewals);
            return receipt;
        }
    }

    /// <summary>The real queue, but the answer to a renewal arrives half a second after the service applied it.</summary>
    private sealed class SlowRenewalAnswers(string connectionString, string name) : QueueClient(connectionString, name, StorageClientDefaults.QueueOptions())
    {
        public TaskCompletionSource RenewalApplied { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async Task<Response<UpdateReceipt>> UpdateMessageAsync(
            string messageId, string popReceipt, string? messageText = null, TimeSpan visibilityTimeout = default, CancellationToken cancellationToken = default)
        {
            var receipt = await base.UpdateMessageAsync(messageId, popReceipt, messageText, visibilityTimeout, CancellationToken.None);
            RenewalApplied.TrySetResult();
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
            return receipt;
        }
    }

    /// <summary>The system clock, recording every delay the poller asks it for.</summary>
    private sealed class DelayRecordingTimeProvider : TimeProvider
    {
        private readonly ConcurrentQueue<TimeSpan> _delays = new();

        /// <summary>The waits between polls (lease renewals wait half a lease: left out).</summary>
        public IReadOnlyList<TimeSpan> PollingDelays(TimeSpan lease) => [.. _delays.Where(delay => delay != lease / 2)];

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            _delays.Enqueue(dueTime);
            return System.CreateTimer(callback, state, dueTime, period);
        }
    }

    private sealed class RunningPoller : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _running;

        public RunningPoller(QueuePoller poller) => _running = poller.RunAsync(_stop.Token);

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await _running;
            }
            catch (OperationCanceledException)
            {
                // Stopped, as asked.
            }

            _stop.Dispose();
        }
    }
}
