using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using CspUpgrades.LocalHost;
using Microsoft.Extensions.Logging;

namespace CspUpgrades.Bench;

/// <summary>
/// The local host's log as the benchmark reads it: warnings and errors (the host's own and the worker's) kept for a
/// failure message, the start and end of each invocation (the host's "Executing" and "Executed" events) for whoever waits
/// for one, how many invocations of each function have ended, when each step
/// of the start happened (<see cref="Start"/>), and, while <see cref="Record"/> runs, when each invocation of one function
/// went to the worker and came back. Everything else is dropped before it is formatted: the host logs two lines per
/// invocation, thousands a second under load. Times are <see cref="Stopwatch.GetTimestamp"/> values taken as the host logs
/// (its logging is synchronous: the line is written where the event happens).
/// </summary>
internal sealed class HostLogWatch : ILoggerProvider
{
    private const int WorkerStarting = HostLogEvents.WorkerStarting;
    private const int WorkerConnected = HostLogEvents.WorkerInitialized;
    private const int FunctionLoaded = HostLogEvents.FunctionLoaded;
    private const int HostReady = HostLogEvents.HostReady;
    private const int InvocationStarted = HostLogEvents.InvocationStarted;
    private const int InvocationSucceeded = HostLogEvents.InvocationSucceeded;
    private const int InvocationFailed = HostLogEvents.InvocationFailed;
    private const int WorkerStreamOpened = HostLogEvents.WorkerStreamOpened;
    private const int Kept = 200;

    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string?>> _waiting = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (TaskCompletionSource<long> Started, Func<long> Probe)> _starting = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _ended = new(StringComparer.Ordinal);
    private InvocationTimes? _recording;

    /// <summary>The first worker's start, step by step, and the host's first invocation.</summary>
    public StartTimeline Start { get; } = new();

    /// <summary>From now until <see cref="StopRecording"/>: when each invocation of <paramref name="function"/> went out and came back.</summary>
    public InvocationTimes Record(string function) => _recording = new InvocationTimes(function);

    public void StopRecording() => _recording = null;

    /// <summary>Completes when the next invocation of <paramref name="function"/> ends: null if it succeeded, else the error.</summary>
    public Task<string?> NextInvocationEnd(string function) =>
        _waiting.GetOrAdd(function, _ => new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>
    /// Completes when the host starts the next invocation of <paramref name="function"/> (its "Executing" line, logged
    /// before the invocation is sent to the worker), with what <paramref name="probe"/> read at that moment.
    /// </summary>
    public Task<long> NextInvocationStart(string function, Func<long> probe) =>
        _starting.GetOrAdd(function, _ => (new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously), probe)).Started.Task;

    /// <summary>How many invocations of <paramref name="function"/> the host has seen end, succeeded or failed.</summary>
    public long Ended(string function) => _ended.GetValueOrDefault(function);

    public string Output()
    {
        var text = new StringBuilder();
        foreach (var line in _lines)
        {
            text.AppendLine(line);
        }

        return text.ToString();
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void InvocationEnded(string? function, string? error)
    {
        if (function is not null && _waiting.TryRemove(function, out var waiting))
        {
            waiting.TrySetResult(error);
        }
    }

    private void Keep(string line)
    {
        _lines.Enqueue(line);
        while (_lines.Count > Kept && _lines.TryDequeue(out _))
        {
        }
    }

    private sealed class Logger(HostLogWatch watch, string category) : ILogger
    {
        private readonly bool _isHost = category == LocalFunctionsHost.LoggerCategory;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning || (_isHost && logLevel == LogLevel.Information);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // Kept first: whoever waits for a failed invocation reads the log next.
            if (logLevel >= LogLevel.Warning)
            {
                watch.Keep($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : " " + exception)}");
            }

            if (!_isHost)
            {
                return;
            }

            var now = Stopwatch.GetTimestamp();
            var values = state as IReadOnlyList<KeyValuePair<string, object?>>;
            string? Value(string key) => values?.FirstOrDefault(pair => pair.Key == key).Value?.ToString();
            if (!watch.Start.Complete)
            {
                watch.Start.Seen(eventId.Id, now, Value);
            }

            if (eventId.Id is InvocationStarted or InvocationSucceeded or InvocationFailed && watch._recording is { } recording && Value("Function") == recording.Function)
            {
                recording.Seen(Value("InvocationId")!, started: eventId.Id == InvocationStarted, now);
            }

            if (eventId.Id == InvocationStarted && !watch._starting.IsEmpty && Value("Function") is { } starting
                && watch._starting.TryRemove(starting, out var waiting))
            {
                waiting.Started.TrySetResult(waiting.Probe());
            }

            if (eventId.Id is InvocationSucceeded or InvocationFailed && Value("Function") is { } ended)
            {
                watch._ended.AddOrUpdate(ended, 1, (_, count) => count + 1);
            }

            if (eventId.Id is InvocationSucceeded or InvocationFailed && !watch._waiting.IsEmpty)
            {
                watch.InvocationEnded(Value("Function"), eventId.Id == InvocationFailed ? Value("Error") ?? "failed" : null);
            }
        }
    }

    /// <summary>
    /// The host's steps of the first worker's start, as timestamps: worker starting (its process spawned), its stream
    /// opened (StartStream), connected (WorkerInitResponse), the last function loaded, ready (the worker's HTTP port
    /// accepts); then the first invocation's start and end (InvocationRequest out, InvocationResponse in).
    /// </summary>
    internal sealed class StartTimeline
    {
        private readonly Lock _gate = new();
        private string? _firstInvocation;

        public long? WorkerStarting { get; private set; }

        public long? StreamOpened { get; private set; }

        public long? Connected { get; private set; }

        public long? LastFunctionLoaded { get; private set; }

        public long? Ready { get; private set; }

        public long? FirstInvocationStarted { get; private set; }

        public long? FirstInvocationEnded { get; private set; }

        public bool Complete => FirstInvocationEnded is not null;

        internal void Seen(int eventId, long now, Func<string, string?> value)
        {
            // Functions load concurrently: their events arrive from several threads.
            lock (_gate)
            {
                SeenLocked(eventId, now, value);
            }
        }

        private void SeenLocked(int eventId, long now, Func<string, string?> value)
        {
            switch (eventId)
            {
                case HostLogWatch.WorkerStarting:
                    WorkerStarting ??= now;
                    break;
                case WorkerStreamOpened:
                    StreamOpened ??= now;
                    break;
                case WorkerConnected:
                    Connected ??= now;
                    break;
                case FunctionLoaded when Ready is null:
                    LastFunctionLoaded = now;
                    break;
                case HostReady:
                    Ready ??= now;
                    break;
                case InvocationStarted when _firstInvocation is null:
                    _firstInvocation = value("InvocationId");
                    FirstInvocationStarted = now;
                    break;
                case InvocationSucceeded or InvocationFailed when _firstInvocation is not null && value("InvocationId") == _firstInvocation:
                    FirstInvocationEnded = now;
                    break;
            }
        }
    }

    /// <summary>Each recorded invocation's InvocationRequest (the host's "Executing") and InvocationResponse ("Executed") timestamps.</summary>
    internal sealed class InvocationTimes(string function)
    {
        private readonly ConcurrentDictionary<string, long> _started = new(StringComparer.Ordinal);
        private readonly ConcurrentQueue<double> _roundTrips = new();

        public string Function { get; } = function;

        /// <summary>InvocationRequest sent → InvocationResponse received, per finished invocation, in milliseconds.</summary>
        public IReadOnlyList<double> RoundTripsMilliseconds => [.. _roundTrips];

        internal void Seen(string invocationId, bool started, long now)
        {
            if (started)
            {
                _started[invocationId] = now;
            }
            else if (_started.TryRemove(invocationId, out var then))
            {
                _roundTrips.Enqueue(Stopwatch.GetElapsedTime(then, now).TotalMilliseconds);
            }
        }
    }
}
