using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;
using Xunit.Sdk;

namespace CspUpgrades.Functions.Tests.EndToEnd;

/// <summary>One line the local Functions host logged: its category and event id, the formatted message and the structured values.</summary>
public sealed record HostLogEntry(string Category, EventId EventId, string Message, IReadOnlyDictionary<string, object?> Values)
{
    public override string ToString() => $"{Category}[{EventId.Id}] {Message}";
}

/// <summary>
/// Keeps what the local Functions host logs — its own events (a worker that died, with its exit code), the worker
/// process's output and the worker's logs — so a test can assert on them. Pass <see cref="Factory"/> to
/// <c>LocalFunctionsHost.StartAsync</c>.
/// </summary>
public sealed class HostLogs : IDisposable
{
    private readonly ConcurrentQueue<HostLogEntry> _entries = new();

    public HostLogs() => Factory = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Information).AddProvider(new Provider(this)));

    public ILoggerFactory Factory { get; }

    public IReadOnlyList<HostLogEntry> Where(Func<HostLogEntry, bool> predicate) => _entries.Where(predicate).ToList();

    /// <summary>Waits until an entry matches and returns it; fails with the recent log if none does within <paramref name="timeout"/>.</summary>
    public async Task<HostLogEntry> WaitForAsync(Func<HostLogEntry, bool> predicate, string what, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_entries.FirstOrDefault(predicate) is { } found)
            {
                return found;
            }

            if (clock.Elapsed > timeout)
            {
                throw new XunitException($"Waited {timeout.TotalSeconds:0.#} s for {what}. Recent host log:{Environment.NewLine}{Recent()}");
            }

            await Task.Delay(50);
        }
    }

    public string Recent(int lines = 80)
    {
        var text = new StringBuilder();
        foreach (var entry in _entries.TakeLast(lines))
        {
            text.AppendLine(entry.ToString());
        }

        return text.ToString();
    }

    public void Dispose() => Factory.Dispose();

    private sealed class Provider(HostLogs logs) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Capture(logs, categoryName);

        public void Dispose()
        {
        }
    }

    private sealed class Capture(HostLogs logs, string category) : ILogger
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

            logs._entries.Enqueue(new HostLogEntry(category, eventId, formatter(state, exception), values));
        }
    }
}
