using System.Diagnostics;
using System.Globalization;
using CspUpgrades.LocalHost.FixtureApp.Services;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CspUpgrades.LocalHost.FixtureApp.Queue;

/// <summary>
/// A queue function driven by its message: <c>ok:TAG</c> succeeds, <c>fail:TAG</c> throws, <c>sleep:TAG:MS</c> takes MS
/// milliseconds, <c>crash-once:TAG:PATH</c> kills its worker process unless PATH exists (and creates it first).
/// Every delivery logs <c>Work TAG delivery DEQUEUECOUNT id ID</c> so tests can count deliveries.
/// </summary>
public sealed class WorkFunction(ILogger<WorkFunction> logger, WorkLedger ledger)
{
    [Function(nameof(Work))]
    public async Task Work(
        [QueueTrigger("%WorkQueue%")] string message,
        long dequeueCount,
        string id,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var parts = message.Split(':', 3);
        var tag = parts.Length > 1 ? parts[1] : string.Empty;
        var argument = parts.Length > 2 ? parts[2] : string.Empty;
        FixtureLog.WorkDelivered(logger, tag, dequeueCount, id);
        switch (parts[0])
        {
            case "ok":
                break;
            case "fail":
                throw new InvalidOperationException("fixture: message asked to fail");
            case "sleep":
                await Task.Delay(int.Parse(argument, CultureInfo.InvariantCulture), cancellationToken);
                break;
            case "crash-once":
                if (!File.Exists(argument))
                {
                    await File.WriteAllTextAsync(argument, "crashed", cancellationToken);
                    FixtureLog.WorkCrashing(logger, tag, Environment.ProcessId);
                    Process.GetCurrentProcess().Kill();
                }

                break;
            default:
                throw new InvalidOperationException("fixture: unknown command");
        }

        ledger.Completed(tag);
        FixtureLog.WorkDone(logger, tag);
    }
}
