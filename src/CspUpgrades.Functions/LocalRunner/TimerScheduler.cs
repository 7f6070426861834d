using CspUpgrades.Functions.Hosting;
using NCrontab;

namespace CspUpgrades.Functions.LocalRunner;

/// <summary>Fires a timer function on its six-field NCRONTAB schedule (the library the Functions host uses).</summary>
public sealed partial class TimerScheduler(
    string functionName,
    CrontabSchedule schedule,
    InvocationDispatcher dispatcher,
    TimeProvider time,
    ILogger logger)
{
    private static readonly TimeSpan PastDueAfter = TimeSpan.FromSeconds(10);

    // Task.Delay refuses anything over about 49.7 days; a yearly or quarterly schedule waits in steps.
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);

    public static CrontabSchedule Parse(string expression) =>
        CrontabSchedule.Parse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true });

    public async Task RunAsync(CancellationToken stopping)
    {
        DateTimeOffset? last = null;
        while (!stopping.IsCancellationRequested)
        {
            var next = new DateTimeOffset(schedule.GetNextOccurrence(time.GetUtcNow().UtcDateTime), TimeSpan.Zero);
            for (var wait = next - time.GetUtcNow(); wait > TimeSpan.Zero; wait = next - time.GetUtcNow())
            {
                await Task.Delay(wait < LongestWait ? wait : LongestWait, time, stopping);
            }

            var firedAt = time.GetUtcNow();
            var following = new DateTimeOffset(schedule.GetNextOccurrence(next.UtcDateTime), TimeSpan.Zero);
            var request = HostEnvelopes.ForTimer(functionName, last, following, firedAt - next > PastDueAfter, firedAt);
            try
            {
                // As under the host, a failed timer run is not retried; the next occurrence runs as usual.
                if (!await dispatcher.InvokeAsync(functionName, request, stopping))
                {
                    LogRunFailed(logger, null, functionName);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !stopping.IsCancellationRequested))
            {
                // No answer (connection refused, or the HTTP client's timeout): this run failed, the schedule goes on.
                LogRunFailed(logger, ex, functionName);
            }

            last = next;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer function {Function} failed; the next occurrence runs as scheduled")]
    private static partial void LogRunFailed(ILogger logger, Exception? exception, string function);
}
