using Azure.Storage.Queues;
using CspUpgrades.Functions.FailPoisonedUpgrade;
using CspUpgrades.Functions.Tests.Support;
using CspUpgrades.LocalHost;
using CspUpgrades.Storage.Clients;
using CspUpgrades.Testing.Azurite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Queues = CspUpgrades.Functions.ExecuteUpgrade;

namespace CspUpgrades.Functions.Tests.EndToEnd;

/// <summary>
/// The app as two instances on one table, as Azure scales it out, so that a race decides when upgrade messages reach
/// the Functions host. <see cref="Deliverer"/> runs ExecuteUpgrade from the real <c>upgrade-requests</c> queue through
/// the local host (polled every 100 ms, a failed delivery retried at once, poisoned after five). <see cref="Api"/>
/// serves the HTTP API with its queue functions off, and RequestUpgrade's queue is a holding queue
/// (<c>upgrade-requests-held</c>; the deliverer would otherwise take an accepted upgrade's message before the race),
/// from which <see cref="TakeQueuedMessageAsync"/> takes the message, byte for byte as RequestUpgrade wrote it. A test
/// puts the taken texts on the upgrade queue when its race starts — the same text more than once is a duplicate
/// delivery, as an at-least-once queue makes — and judges the outcome once the queue is empty, which is when every
/// delivery has ended. The deliverer leaves poisoned messages where they land (FailPoisonedUpgrade off), so a message
/// that failed five deliveries fails the test instead of failing its operation. The queues are the caller's alone (an
/// Azurite of its own): they start empty and end every race empty.
/// </summary>
public sealed class ScaledOutApp : IAsyncDisposable
{
    private const string HoldingQueueName = Upgrades.UpgradeQueue.Name + "-held";

    private readonly Invocations _invocations;
    private readonly List<string> _taken = [];

    private ScaledOutApp(WorkerApp api, WorkerApp deliverer, Invocations invocations)
    {
        Api = api;
        Deliverer = deliverer;
        _invocations = invocations;
    }

    /// <summary>Takes requests and webhooks; the upgrades it accepts wait on the holding queue.</summary>
    public WorkerApp Api { get; }

    /// <summary>Runs ExecuteUpgrade on what reaches the upgrade queue, on the same table.</summary>
    public WorkerApp Deliverer { get; }

    private QueueClient UpgradeQueue => Api.Queue(Upgrades.UpgradeQueue.Name);

    private QueueClient PoisonQueue => Api.Queue(Upgrades.UpgradeQueue.PoisonName);

    private QueueClient HoldingQueue => Api.Queue(HoldingQueueName);

    /// <param name="settings">App settings for both instances, in their environment form.</param>
    public static async Task<ScaledOutApp> StartAsync(AzuriteFixture azurite, IDictionary<string, string>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        var holding = new QueueClient(azurite.ConnectionString, HoldingQueueName, StorageClientDefaults.QueueOptions());
        await holding.CreateIfNotExistsAsync();
        var api = await WorkerApp.StartAsync(azurite, settings, services => services.AddSingleton(new Upgrades.UpgradeQueue(holding)));
        var invocations = new Invocations();
        try
        {
            var delivererSettings = new Dictionary<string, string>(settings ?? new Dictionary<string, string>())
            {
                [$"AzureWebJobs.{nameof(FailPoisonedUpgradeFunction.FailPoisonedUpgrade)}.Disabled"] = "true",
            };
            var app = new ScaledOutApp(api, await api.StartQueueRunnerAsync(delivererSettings, hostLogs: invocations), invocations);

            // A test that failed half-way may have left messages; this one starts from empty queues.
            await app.UpgradeQueue.ClearMessagesAsync();
            await app.PoisonQueue.ClearMessagesAsync();
            await holding.ClearMessagesAsync();
            return app;
        }
        catch
        {
            await api.DisposeAsync();
            throw;
        }
    }

    /// <summary>Takes the message RequestUpgrade queued for <paramref name="operationId"/> off the holding queue, and returns its text.</summary>
    public async Task<string> TakeQueuedMessageAsync(string operationId)
    {
        string? mine = null;
        await Eventually.UntilAsync(
            async () =>
            {
                foreach (var message in await HoldingQueue.ReceiveAsync(32, TimeSpan.FromMinutes(10)))
                {
                    _taken.Add(message.MessageText);
                    await HoldingQueue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                }

                mine = _taken.Find(text => text.Contains(operationId, StringComparison.Ordinal));
                return mine is not null;
            },
            $"the queued message of {operationId}");
        _taken.Remove(mine!);
        return mine!;
    }

    /// <summary>Puts every text on the queue at once, and returns when every delivery has ended.</summary>
    public async Task<DeliveryReport> DeliverAtOnceAsync(IEnumerable<string> messageTexts)
    {
        var before = _invocations.Start();
        await Task.WhenAll(messageTexts.Select(Api.SendUpgradeMessageAsync));
        return await DrainedAsync(before);
    }

    /// <summary>
    /// One delivery of <paramref name="messageText"/> against <paramref name="other"/>, <paramref name="heldBack"/> apart:
    /// when the delivery leads, <paramref name="other"/> starts that long after the host started ExecuteUpgrade; otherwise
    /// the message goes on the queue that long after <paramref name="other"/> started (and the host's poll adds up to 100 ms).
    /// Returns when both have ended.
    /// </summary>
    public async Task<DeliveryReport> RaceAsync(string messageText, Func<Task> other, bool deliveryLeads, TimeSpan heldBack)
    {
        ArgumentNullException.ThrowIfNull(other);
        var before = _invocations.Start();
        if (deliveryLeads)
        {
            var started = _invocations.NextStart();
            await Api.SendUpgradeMessageAsync(messageText);
            await started.WaitAsync(Eventually.DefaultTimeout);
            await Task.Delay(heldBack);
            await other();
        }
        else
        {
            var running = Task.Run(other);
            await Task.Delay(heldBack);
            await Api.SendUpgradeMessageAsync(messageText);
            await running;
        }

        return await DrainedAsync(before);
    }

    public async ValueTask DisposeAsync()
    {
        await Deliverer.DisposeAsync();
        await Api.DisposeAsync();
    }

    /// <summary>
    /// Waits until the upgrade queue is empty: the host deletes a message only after a delivery succeeded, or moves it
    /// to the poison queue after the last failed one. Then nothing may be poisoned, nor held back and forgotten.
    /// </summary>
    private async Task<DeliveryReport> DrainedAsync(DeliveryReport before)
    {
        await Eventually.UntilAsync(async () => await UpgradeQueue.ApproximateCountAsync() == 0, "every upgrade message to be delivered");
        var poisoned = await PoisonQueue.PeekAsync(32);
        Assert.True(poisoned.Count == 0, $"Poisoned after five failed deliveries: {string.Join(" | ", poisoned.Select(message => message.MessageText))}");
        Assert.Equal(0, await HoldingQueue.ApproximateCountAsync());
        return _invocations.Since(before);
    }

    /// <summary>
    /// ExecuteUpgrade invocations as the deliverer's host logs them (InvocationStarted, …Succeeded, …Failed): how many
    /// started and failed, the most running at once (evidence that a race overlapped; not asserted), and the next start.
    /// </summary>
    private sealed class Invocations : ILoggerProvider, ILogger
    {
        private readonly Lock _gate = new();
        private int _started;
        private int _failed;
        private int _running;
        private int _mostAtOnce;
        private TaskCompletionSource? _nextStart;

        public DeliveryReport Start()
        {
            lock (_gate)
            {
                _mostAtOnce = _running;
                return new DeliveryReport(_started, _failed, 0);
            }
        }

        public DeliveryReport Since(DeliveryReport before)
        {
            lock (_gate)
            {
                return new DeliveryReport(_started - before.Deliveries, _failed - before.Failed, _mostAtOnce);
            }
        }

        public Task NextStart()
        {
            lock (_gate)
            {
                _nextStart = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                return _nextStart.Task;
            }
        }

        public ILogger CreateLogger(string categoryName) => categoryName == LocalFunctionsHost.LoggerCategory ? this : NullLogger.Instance;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (state is not IReadOnlyList<KeyValuePair<string, object?>> fields
                || !fields.Any(field => field.Key == "Function" && Equals(field.Value, nameof(Queues.ExecuteUpgradeFunction.ExecuteUpgrade))))
            {
                return;
            }

            lock (_gate)
            {
                switch (eventId.Name)
                {
                    case "InvocationStarted":
                        _started++;
                        _mostAtOnce = Math.Max(_mostAtOnce, ++_running);
                        _nextStart?.TrySetResult();
                        _nextStart = null;
                        break;
                    case "InvocationSucceeded":
                        _running--;
                        break;
                    case "InvocationFailed":
                        _running--;
                        _failed++;
                        break;
                }
            }
        }

        public void Dispose()
        {
        }
    }
}

/// <summary>The ExecuteUpgrade deliveries of one round: how many ran, how many failed (and were retried), the most at once.</summary>
public sealed record DeliveryReport(int Deliveries, int Failed, int MostAtOnce)
{
    public override string ToString() => $"{Deliveries} deliveries, {Failed} failed and retried, at most {MostAtOnce} at once";
}
