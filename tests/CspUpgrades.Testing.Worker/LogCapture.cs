using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace CspUpgrades.Testing.Worker;

public sealed record LogEntry(
    DateTimeOffset Time, string Category, LogLevel Level, EventId EventId, string Message, IReadOnlyDictionary<string, object?> State)
{
    public object? this[string key] => State.TryGetValue(key, out var value) ? value : null;

    public override string ToString() => $"{Time:HH:mm:ss.fff} {Level} {Category}[{EventId.Id}] {Message}";
}

/// <summary>
/// Keeps every log line the local Functions host writes (its own events and the worker's RpcLog), with their structured
/// values: how tests see what the host did with each invocation (started, succeeded, failed, poisoned).
/// </summary>
public sealed class LogCapture(TimeProvider? time = null) : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new CaptureLogger(this, categoryName);

    public void Dispose()
    {
    }

    public IReadOnlyList<LogEntry> Where(Func<LogEntry, bool> predicate) => Entries.Where(predicate).ToList();

    /// <summary>Waits until <paramref name="count"/> entries match; fails with the recent log if they don't in time.</summary>
    public async Task<IReadOnlyList<LogEntry>> WaitForAsync(Func<LogEntry, bool> predicate, TimeSpan timeout, string what, int count = 1)
    {
        var deadline = _time.GetUtcNow() + timeout;
        while (true)
        {
            var found = Where(predicate);
            if (found.Count >= count)
            {
                return found;
            }

            if (_time.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds:0.#} s for {what} ({found.Count} of {count}). Recent log:{Environment.NewLine}{Recent()}");
            }

            await Task.Delay(25);
        }
    }

    public string Recent(int lines = 60)
    {
        var text = new StringBuilder();
        foreach (var entry in Entries.TakeLast(lines))
        {
            text.AppendLine(entry.ToString());
        }

        return text.ToString();
    }

    private sealed class CaptureLogger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = new Dictionary<string, object?>(StringComparer.Ordinal);
            if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                foreach (var (key, value) in pairs)
                {
                    values[key] = value;
                }
            }

            capture._entries.Enqueue(new LogEntry(capture._time.GetUtcNow(), category, logLevel, eventId, formatter(state, exception), values));
        }
    }
}
