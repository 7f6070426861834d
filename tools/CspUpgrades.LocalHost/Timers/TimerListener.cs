using System.Text.Json;
using System.Text.Json.Serialization;
using CspUpgrades.LocalHost.App;
using CspUpgrades.LocalHost.Invocations;
using CspUpgrades.LocalHost.Rpc;
using CspUpgrades.LocalHost.Worker;

namespace CspUpgrades.LocalHost.Timers;

/// <summary>
/// A timer trigger: fires on its schedule (and once at start-up with runOnStartup), one run at a time; occurrences that
/// pass while a run is still going are folded into one late run with <c>IsPastDue</c> true. A failed run is not retried.
/// The schedule status lives in memory: occurrences missed while the local host was not running are not caught up.
/// </summary>
internal sealed class TimerListener : IManualTrigger, IAsyncDisposable
{
    /// <summary>A run that starts this much after its occurrence is past due (so is one whose occurrence passed while the previous run went on).</summary>
    private static readonly TimeSpan PastDueAfter = TimeSpan.FromSeconds(1);

    private static readonly JsonSerializerOptions PayloadJson = new() { DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    private readonly FunctionDefinition _function;
    private readonly TimerTrigger _trigger;
    private readonly WorkerSupervisor _supervisor;
    private readonly FunctionInvoker _invoker;
    private readonly LocalHostOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _manualRuns = [];
    private Task _schedule = Task.CompletedTask;
    private DateTimeOffset? _last;

    public TimerListener(FunctionDefinition function, WorkerSupervisor supervisor, FunctionInvoker invoker, LocalHostOptions options, ILogger logger, TimeProvider time)
    {
        _function = function;
        _trigger = (TimerTrigger)function.Trigger;
        _supervisor = supervisor;
        _invoker = invoker;
        _options = options;
        _logger = logger;
        _time = time;
    }

    public string FunctionName => _function.Name;

    public void Start() => _schedule = RunScheduleAsync(_stopping.Token);

    public void FireNow(string? input)
    {
        var run = RunAsync(_time.GetUtcNow(), isPastDue: false, "This function was programmatically called via the host APIs.", _stopping.Token);
        lock (_manualRuns)
        {
            _manualRuns.RemoveAll(t => t.IsCompleted);
            _manualRuns.Add(run);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        Task[] runs;
        lock (_manualRuns)
        {
            runs = [.. _manualRuns, _schedule];
        }

        await Task.WhenAll(runs).WaitAsync(_options.ShutdownGrace, _time).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }

    private async Task RunScheduleAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (_trigger.RunOnStartup)
            {
                await RunAsync(_time.GetUtcNow(), isPastDue: false, "Timer fired at start-up (runOnStartup).", cancellationToken);
            }

            var occurrence = _trigger.Schedule.Next(_time.GetUtcNow());
            var overran = false;
            HostLog.TimerScheduled(_logger, _function.Name, _trigger.Schedule.Expression, occurrence);
            while (!cancellationToken.IsCancellationRequested)
            {
                // The timer can wake a few milliseconds early: never fire before the occurrence.
                TimeSpan wait;
                while ((wait = occurrence - _time.GetUtcNow()) > TimeSpan.Zero)
                {
                    await Task.Delay(wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait, _time, cancellationToken);
                }

                var late = overran || _time.GetUtcNow() - occurrence > PastDueAfter;
                await RunAsync(occurrence, late, $"Timer fired at {occurrence:O}", cancellationToken);

                // Occurrences that passed during the run fold into the latest of them, which then runs at once, past due.
                var next = _trigger.Schedule.Next(occurrence);
                var now = _time.GetUtcNow();
                overran = next <= now;
                while (_trigger.Schedule.Next(next) <= now)
                {
                    next = _trigger.Schedule.Next(next);
                }

                occurrence = next;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task RunAsync(DateTimeOffset occurrence, bool isPastDue, string reason, CancellationToken cancellationToken)
    {
        try
        {
            await _oneAtATime.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            var worker = await _supervisor.WaitForReadyAsync(cancellationToken);
            var now = _time.GetUtcNow();
            var payload = new TimerPayload(
                new SchedulePayload(AdjustForDST: true),
                new ScheduleStatusPayload(
                    Last: (_last ?? DateTimeOffset.MinValue).UtcDateTime,
                    Next: _trigger.Schedule.Next(occurrence).UtcDateTime,
                    LastUpdated: now.UtcDateTime),
                isPastDue);
            var metadata = new Dictionary<string, TypedData>(StringComparer.Ordinal)
            {
                ["TimerTrigger"] = FunctionInvoker.Text(occurrence.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
            };
            var input = new ParameterBinding { Name = _trigger.BindingName, Data = FunctionInvoker.Json(JsonSerializer.Serialize(payload, PayloadJson)) };
            var invocation = _invoker.Start(worker, _function, reason, input, metadata);
            await invocation.Completion;
            _last = occurrence;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private sealed record TimerPayload(SchedulePayload Schedule, ScheduleStatusPayload ScheduleStatus, bool IsPastDue);

    private sealed record SchedulePayload(bool AdjustForDST);

    private sealed record ScheduleStatusPayload(DateTime Last, DateTime Next, DateTime LastUpdated);
}
