using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CspUpgrades.LocalHost.Bench;

/// <summary>One log line of the host (its own events, and the worker's RpcLog), with its structured values.</summary>
internal sealed record HostEvent(DateTimeOffset Time, string Category, LogLevel Level, int EventId, string Message, IReadOnlyDictionary<string, object?> State)
{
    public object? this[string key] => State.TryGetValue(key, out var value) ? value : null;

    public double Number(string key) => Convert.ToDouble(this[key], System.Globalization.CultureInfo.InvariantCulture);

    public override string ToString() => $"{Time:HH:mm:ss.fff} {Level} {Category}[{EventId}] {Message}";
}

/// <summary>Keeps what one host logs, stamped on arrival, so the benchmark can read the host's own timings.</summary>
internal sealed class HostEvents(TimeProvider time) : ILoggerProvider
{
    private readonly ConcurrentQueue<HostEvent> _events = new();

    public IReadOnlyList<HostEvent> All => [.. _events];

    public ILoggerFactory CreateFactory() =>
        LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Information).AddFilter("Microsoft", LogLevel.Warning).AddFilter("Grpc", LogLevel.Warning).AddProvider(this));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    /// <summary>Waits until <paramref name="count"/> events match; throws with the recent log if they don't in time.</summary>
    public async Task<IReadOnlyList<HostEvent>> WaitForAsync(Func<HostEvent, bool> predicate, string what, int count = 1, double timeoutSeconds = 30)
    {
        var deadline = time.GetUtcNow().AddSeconds(timeoutSeconds);
        while (true)
        {
            var found = All.Where(predicate).ToList();
            if (found.Count >= count)
            {
                return found;
            }

            if (time.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"Waited {timeoutSeconds} s for {what} ({found.Count} of {count}). Recent log:{Environment.NewLine}{string.Join(Environment.NewLine, All.TakeLast(40))}");
            }

            await Task.Delay(10);
        }
    }

    private sealed class Logger(HostEvents events, string category) : ILogger
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

            events._events.Enqueue(new HostEvent(events.Now(), category, logLevel, eventId.Id, formatter(state, exception), values));
        }
    }

    private DateTimeOffset Now() => time.GetUtcNow();
}
