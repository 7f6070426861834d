using System.Collections.Concurrent;
using System.Text.Json;
using CspUpgrades.Functions.Hosting;
using CspUpgrades.Functions.LocalRunner;
using CspUpgrades.Functions.Tests.EndToEnd;
using Microsoft.Extensions.Logging.Abstractions;

namespace CspUpgrades.Functions.Tests.Hosting;

/// <summary>
/// The local runner's timer trigger on a clock the test moves: it fires on the NCRONTAB schedule with the
/// host's timer payload, whatever the distance to the next occurrence, and a failed run does not stop it.
/// </summary>
public sealed class TimerSchedulerTests
{
    private const string Function = "ScheduledFunction";

    [Fact]
    public async Task FiresOnEveryOccurrenceWithTheHostsTimerPayload()
    {
        var clock = new ManualClock(At("2026-03-10T01:59:00Z"));
        var function = new ScriptedTimerFunction(_ => Task.FromResult(true));
        await using var running = Run("0 0 2 * * *", function, clock);

        await clock.AdvanceToAsync(At("2026-03-10T02:00:00Z"));
        await Eventually.UntilAsync(() => function.Runs.Count == 1, "the first run");
        await clock.AdvanceToAsync(At("2026-03-11T02:00:00Z"));
        await Eventually.UntilAsync(() => function.Runs.Count == 2, "the second run");

        var (first, second) = (Timer(function.Runs[0]), Timer(function.Runs[1]));
        Assert.True(first.GetProperty("Schedule").GetProperty("AdjustForDST").GetBoolean());
        Assert.False(first.GetProperty("IsPastDue").GetBoolean());
        Assert.Equal(At("2026-03-11T02:00:00Z"), first.GetProperty("ScheduleStatus").GetProperty("Next").GetDateTimeOffset());
        Assert.Equal(At("2026-03-10T02:00:00Z"), second.GetProperty("ScheduleStatus").GetProperty("Last").GetDateTimeOffset());
        Assert.Equal(At("2026-03-12T02:00:00Z"), second.GetProperty("ScheduleStatus").GetProperty("Next").GetDateTimeOffset());
    }

    [Fact]
    public async Task FiresAnOccurrenceMoreThanFortyNineDaysAway()
    {
        // Longer than one timer can wait (about 49.7 days): a yearly schedule must still fire.
        var clock = new ManualClock(At("2026-03-01T00:00:00Z"));
        var function = new ScriptedTimerFunction(_ => Task.FromResult(true));
        await using var running = Run("0 0 0 1 1 *", function, clock);

        await clock.AdvanceToAsync(At("2027-01-01T00:00:00Z"));
        await Eventually.UntilAsync(() => function.Runs.Count == 1, "the yearly run");

        Assert.False(running.Faulted, running.Fault);
        Assert.Equal(At("2028-01-01T00:00:00Z"), Timer(function.Runs[0]).GetProperty("ScheduleStatus").GetProperty("Next").GetDateTimeOffset());
    }

    [Fact]
    public async Task AFailedOrTimedOutRunIsNotRetriedAndTheNextOccurrenceRunsAsScheduled()
    {
        var clock = new ManualClock(At("2026-03-10T00:00:00Z"));
        var answers = new Queue<Func<Task<bool>>>(
        [
            () => Task.FromResult(false),
            () => Task.FromException<bool>(new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout.")),
            () => Task.FromResult(true),
        ]);
        var function = new ScriptedTimerFunction(_ => answers.Dequeue()());
        await using var running = Run("0 0 * * * *", function, clock);

        for (var hour = 1; hour <= 3; hour++)
        {
            await clock.AdvanceToAsync(At("2026-03-10T00:00:00Z").AddHours(hour));
            await Eventually.UntilAsync(() => function.Runs.Count == hour, $"run {hour}");
        }

        Assert.False(running.Faulted, running.Fault);
        Assert.Equal(3, function.Runs.Count);
    }

    private static DateTimeOffset At(string instant) => DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture);

    private static JsonElement Timer(InvocationRequest run) => run.Data[InvocationRequest.TimerBinding];

    private static RunningScheduler Run(string schedule, ScriptedTimerFunction function, ManualClock clock) =>
        new(new TimerScheduler(Function, TimerScheduler.Parse(schedule), function, clock, NullLogger.Instance));

    private sealed class ScriptedTimerFunction(Func<InvocationRequest, Task<bool>> answer) : InvocationDispatcher(null!, null!)
    {
        private readonly ConcurrentQueue<InvocationRequest> _runs = new();

        public IReadOnlyList<InvocationRequest> Runs => [.. _runs];

        public override Task<bool> InvokeAsync(string functionName, InvocationRequest request, CancellationToken cancellationToken)
        {
            _runs.Enqueue(request);
            return answer(request);
        }
    }

    private sealed class RunningScheduler : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _running;

        public RunningScheduler(TimerScheduler scheduler) => _running = scheduler.RunAsync(_stop.Token);

        public bool Faulted => _running.IsFaulted;

        public string Fault => _running.Exception?.ToString() ?? string.Empty;

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

    /// <summary>A clock that moves only when told; timers due by then fire as it passes them.</summary>
    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private readonly Lock _gate = new();
        private readonly List<ManualTimer> _timers = [];
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow()
        {
            lock (_gate)
            {
                return _now;
            }
        }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = new ManualTimer(this, callback, state);
            timer.Change(dueTime, period);
            return timer;
        }

        /// <summary>Waits until something waits on the clock, then moves it to <paramref name="instant"/> and fires every timer due by then.</summary>
        public async Task AdvanceToAsync(DateTimeOffset instant)
        {
            await Eventually.UntilAsync(() => Pending().Count > 0, "the scheduler to wait on the clock");
            List<ManualTimer> due;
            lock (_gate)
            {
                _now = instant;
                due = [.. _timers.Where(timer => timer.Due <= instant)];
                foreach (var timer in due)
                {
                    timer.Due = null;
                    _timers.Remove(timer);
                }
            }

            foreach (var timer in due)
            {
                timer.Fire();
            }
        }

        private List<ManualTimer> Pending()
        {
            lock (_gate)
            {
                return [.. _timers];
            }
        }

        private void Schedule(ManualTimer timer, TimeSpan dueTime)
        {
            lock (_gate)
            {
                _timers.Remove(timer);
                timer.Due = dueTime == Timeout.InfiniteTimeSpan ? null : _now + dueTime;
                if (timer.Due is not null)
                {
                    _timers.Add(timer);
                }
            }
        }

        private sealed class ManualTimer(ManualClock clock, TimerCallback callback, object? state) : ITimer
        {
            public DateTimeOffset? Due { get; set; }

            public bool Change(TimeSpan dueTime, TimeSpan period)
            {
                clock.Schedule(this, dueTime);
                return true;
            }

            public void Fire() => callback(state);

            public void Dispose() => clock.Schedule(this, Timeout.InfiniteTimeSpan);

            public ValueTask DisposeAsync()
            {
                Dispose();
                return ValueTask.CompletedTask;
            }
        }
    }
}
