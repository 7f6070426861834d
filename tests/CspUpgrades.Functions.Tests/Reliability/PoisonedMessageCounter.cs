using Microsoft.Extensions.Logging;

namespace CspUpgrades.Functions.Tests.Reliability;

/// <summary>
/// Counts the messages the local runner moves to a poison queue, from its log. The poison queue itself stays empty
/// in a run, because FailPoisonedUpgrade takes its messages, so its length proves nothing.
/// </summary>
public sealed class PoisonedMessageCounter : ILoggerProvider
{
    private int _poisoned;

    public int Poisoned => Volatile.Read(ref _poisoned);

    public ILogger CreateLogger(string categoryName) => new Counting(this);

    public void Dispose()
    {
    }

    private sealed class Counting(PoisonedMessageCounter counter) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error && formatter(state, exception).Contains("; moved to ", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref counter._poisoned);
            }
        }
    }
}
