using System.Text.RegularExpressions;
using CspUpgrades.LocalHost;
using CspUpgrades.Testing.Worker;

namespace CspUpgrades.Functions.Tests.Support;

/// <summary>One invocation as the host logged its result.</summary>
public sealed record HostInvocation(string Function, string InvocationId, bool Succeeded);

/// <summary>
/// What the local Functions host's log says about invocations (its <see cref="HostLogEvents"/>: an invocation succeeded or
/// failed, a worker log line inside an invocation, a message moved to the poison queue), read the way an operator reads the host's log.
/// </summary>
public static partial class HostLogReads
{
    private const int Succeeded = HostLogEvents.InvocationSucceeded;
    private const int Failed = HostLogEvents.InvocationFailed;
    private const int WorkerLine = HostLogEvents.InvocationLog;
    private const int Poisoned = HostLogEvents.MovedToPoison;

    public static IReadOnlyList<HostInvocation> Invocations(this LogCapture log, string function)
    {
        ArgumentNullException.ThrowIfNull(log);
        return [.. log.Where(entry => IsHostEvent(entry, Succeeded, Failed) && Equals(entry["Function"], function))
            .Select(entry => new HostInvocation(function, (string)entry["InvocationId"]!, entry.EventId.Id == Succeeded))];
    }

    /// <summary>The log lines the worker wrote inside invocations of <paramref name="function"/>.</summary>
    public static IReadOnlyList<string> WorkerLines(this LogCapture log, string function)
    {
        ArgumentNullException.ThrowIfNull(log);
        return [.. log.Where(entry => entry.EventId.Id == WorkerLine && Equals(entry["Function"], function)).Select(entry => (string)entry["Message"]!)];
    }

    /// <summary>The log lines the worker wrote inside one invocation.</summary>
    public static IReadOnlyList<string> WorkerLines(this LogCapture log, HostInvocation invocation)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(invocation);
        return [.. log.Where(entry => entry.EventId.Id == WorkerLine && Equals(entry["InvocationId"], invocation.InvocationId)).Select(entry => (string)entry["Message"]!)];
    }

    /// <summary>ExecuteUpgrade's outcome line for each delivery of <paramref name="operationId"/> ("Upgrade {id}: {Outcome} (delivery n)").</summary>
    public static IReadOnlyList<string> UpgradeOutcomes(this LogCapture log, string operationId) =>
        [.. log.WorkerLines("ExecuteUpgrade").Select(line => OutcomeLine().Match(line)).Where(match => match.Success && match.Groups["id"].Value == operationId)
            .Select(match => match.Groups["outcome"].Value)];

    public static int PoisonedMessages(this LogCapture log) => log.PoisonedAfterDeliveries().Count;

    /// <summary>For each message the host moved to a poison queue, how many deliveries it had failed.</summary>
    public static IReadOnlyList<long> PoisonedAfterDeliveries(this LogCapture log)
    {
        ArgumentNullException.ThrowIfNull(log);
        return [.. log.Where(entry => IsHostEvent(entry, Poisoned)).Select(entry => Convert.ToInt64(entry["DequeueCount"], System.Globalization.CultureInfo.InvariantCulture))];
    }

    // Event ids are unique within the host's own category only (the worker's lines carry the worker's categories).
    private static bool IsHostEvent(LogEntry entry, params int[] ids) =>
        entry.Category == LocalFunctionsHost.LoggerCategory && ids.Contains(entry.EventId.Id);

    [GeneratedRegex(@"^Upgrade (?<id>\S+): (?<outcome>\w+) \(delivery \d+\)$")]
    private static partial Regex OutcomeLine();
}
