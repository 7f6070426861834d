using Microsoft.Extensions.Logging;

namespace CspUpgrades.LocalHost.FixtureApp;

/// <summary>The fixture's log lines: the tests read them (they arrive at the host as RpcLog) to count deliveries.</summary>
internal static partial class FixtureLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Crash requested: killing worker process {ProcessId}")]
    public static partial void CrashRequested(ILogger logger, int processId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slow {Tag} cancelled")]
    public static partial void SlowCancelled(ILogger logger, string tag);

    [LoggerMessage(Level = LogLevel.Information, Message = "Slow {Tag} finished")]
    public static partial void SlowFinished(ILogger logger, string tag);

    [LoggerMessage(Level = LogLevel.Information, Message = "Work {Tag} delivery {DequeueCount} id {MessageId}")]
    public static partial void WorkDelivered(ILogger logger, string tag, long dequeueCount, string messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Work {Tag} killing worker process {ProcessId}")]
    public static partial void WorkCrashing(ILogger logger, string tag, int processId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Work {Tag} done")]
    public static partial void WorkDone(ILogger logger, string tag);

    [LoggerMessage(Level = LogLevel.Information, Message = "SlowTick started, past due {IsPastDue}")]
    public static partial void SlowTickStarted(ILogger logger, bool isPastDue);

    [LoggerMessage(Level = LogLevel.Information, Message = "Tick past due {IsPastDue} last {Last} next {Next}")]
    public static partial void Ticked(ILogger logger, bool isPastDue, DateTime? last, DateTime? next);
}
