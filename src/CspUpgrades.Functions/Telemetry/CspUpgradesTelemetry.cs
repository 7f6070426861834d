using System.Diagnostics;
using System.Diagnostics.Metrics;
using CspUpgrades.Domain.Billing;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Storage.Diagnostics;

namespace CspUpgrades.Functions.Telemetry;

/// <summary>
/// The app's one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named <c>CspUpgrades</c>, and
/// the instruments on it. Recording costs next to nothing until a listener (the OTLP export, a test) subscribes.
/// </summary>
public static class CspUpgradesTelemetry
{
    public const string Name = "CspUpgrades";

    /// <summary>The activity of one queued upgrade's execution, a child of the request that queued it.</summary>
    public const string ExecuteUpgradeActivity = "ExecuteUpgrade";

    public const string OperationIdTag = "cspupgrades.operation_id";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>Eligibility checks, by <c>outcome</c>: <c>found</c> (options evaluated) or <c>not_found</c>.</summary>
    public static readonly Counter<long> EligibilityChecks = Meter.CreateCounter<long>(
        "cspupgrades.eligibility.checks", "{check}", "Eligibility checks, by outcome (found, not_found).");

    /// <summary>Upgrade executions, by <c>result</c>: succeeded, failed, already_finished, operation_missing.</summary>
    public static readonly Counter<long> Upgrades = Meter.CreateCounter<long>(
        "cspupgrades.upgrades", "{upgrade}", "Upgrade executions, by result (succeeded, failed, already_finished, operation_missing).");

    /// <summary>
    /// Billing lines written, as the absolute amount in minor units, by <c>currency</c> and <c>kind</c> (credit,
    /// charge). A counter, so it only grows: a credit of 500 adds 500 under kind=credit; net = charge - credit.
    /// </summary>
    public static readonly Counter<long> BillingAmount = Meter.CreateCounter<long>(
        "cspupgrades.billing.amount", "{minor_unit}", "Billing lines written, absolute amount in minor units, by currency and kind (credit, charge).");

    /// <summary>Blocked upgrades an audit run found (added once per run).</summary>
    public static readonly Counter<long> AuditBlockers = Meter.CreateCounter<long>(
        "cspupgrades.audit.blockers", "{finding}", "Blocked upgrades found by audit runs.");

    /// <summary>Logical storage requests (first attempts) made by this process.</summary>
    public static readonly ObservableCounter<long> StorageRequests = Meter.CreateObservableCounter(
        "cspupgrades.storage.requests", () => StorageRequestCounter.TotalRequests, "{request}", "Storage requests (first attempts) made by this process.");

    /// <summary>Storage retries (attempts after the first) made by this process.</summary>
    public static readonly ObservableCounter<long> StorageRetries = Meter.CreateObservableCounter(
        "cspupgrades.storage.retries", () => StorageRequestCounter.TotalAttempts - StorageRequestCounter.TotalRequests, "{attempt}",
        "Storage retries (attempts after the first) made by this process.");

    public static void RecordEligibilityCheck(bool found) =>
        EligibilityChecks.Add(1, new KeyValuePair<string, object?>("outcome", found ? "found" : "not_found"));

    public static void RecordUpgrade(string result) =>
        Upgrades.Add(1, new KeyValuePair<string, object?>("result", result));

    public static void RecordBilling(IEnumerable<BillingLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        foreach (var line in lines)
        {
            BillingAmount.Add(
                Math.Abs(line.Amount.MinorUnits),
                new KeyValuePair<string, object?>("currency", line.Amount.Currency.ToString()),
                new KeyValuePair<string, object?>("kind", line.Kind == BillingLineKind.Credit ? "credit" : "charge"));
        }
    }

    public static void RecordAuditFindings(int findings) => AuditBlockers.Add(findings);

    /// <summary>
    /// Starts the activity of one delivery of an upgrade message. Its parent is the request that queued the
    /// message (<paramref name="traceParent"/>, W3C), so one trace spans request → queue → execution; the
    /// invocation's own request, if any, is linked. Null when nobody listens.
    /// </summary>
    public static Activity? StartExecuteUpgrade(string? traceParent, OperationId operationId)
    {
        Activity? activity;
        if (ActivityContext.TryParse(traceParent, null, out var parent))
        {
            ActivityLink[]? links = Activity.Current is { } invocation ? [new ActivityLink(invocation.Context)] : null;
            activity = Source.StartActivity(ExecuteUpgradeActivity, ActivityKind.Consumer, parent, links: links);
        }
        else
        {
            // No (valid) trace context in the message: a child of the invocation, if any.
            activity = Source.StartActivity(ExecuteUpgradeActivity, ActivityKind.Consumer);
        }

        activity?.SetTag(OperationIdTag, operationId.Value);
        return activity;
    }
}
