using System.Collections.Concurrent;
using System.Text;
using CspUpgrades.LocalHost;
using Microsoft.Extensions.Logging;

namespace CspUpgrades.Bench;

/// <summary>
/// The local host's log as the benchmark reads it: warnings and errors (the host's own and the worker's) kept for a
/// failure message, and the end of each invocation (the host's "Executed" events) for whoever waits for one. Everything
/// else is dropped before it is formatted: the host logs two lines per invocation, thousands a second under load.
/// </summary>
internal sealed class HostLogWatch : ILoggerProvider
{
    // The host's event ids (tools/CspUpgrades.LocalHost/Logging/HostLog.cs): "Executed … (Succeeded…)" and "Executed … (Failed…)".
    private const int InvocationSucceeded = 12;
    private const int InvocationFailed = 13;
    private const int Kept = 200;

    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string?>> _waiting = new(StringComparer.Ordinal);

    /// <summary>Completes when the next invocation of <paramref name="function"/> ends: null if it succeeded, else the error.</summary>
    public Task<string?> NextInvocationEnd(string function) =>
        _waiting.GetOrAdd(function, _ => new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

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

            if (_isHost && eventId.Id is InvocationSucceeded or InvocationFailed && !watch._waiting.IsEmpty)
            {
                var values = state as IReadOnlyList<KeyValuePair<string, object?>>;
                string? Value(string key) => values?.FirstOrDefault(pair => pair.Key == key).Value?.ToString();
                watch.InvocationEnded(Value("Function"), eventId.Id == InvocationFailed ? Value("Error") ?? "failed" : null);
            }
        }
    }
}
