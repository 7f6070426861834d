using System.Collections.Concurrent;
using CspUpgrades.Storage.Diagnostics;

namespace CspUpgrades.Functions.Telemetry;

/// <summary>
/// Storage requests per function since the process started, for <see cref="StorageRequestDiagnostics"/>: the one tally
/// the <see cref="StorageRequestCountingMiddleware"/> adds to.
/// Thread-safe.
/// </summary>
public class StorageRequestTally
{
    private readonly ConcurrentDictionary<string, FunctionCounts> _functions = new(StringComparer.Ordinal);

    /// <summary>
    /// Whether each piece of work keeps the requests it made, not only their number. Off here (an audit is one invocation
    /// of thousands of requests); a test that checks where a call's requests went turns it on in a subclass.
    /// </summary>
    protected virtual bool RecordsRequests => false;

    /// <summary>
    /// Runs <paramref name="work"/> in a counting scope of its own and adds what it asked of storage to
    /// <paramref name="functionName"/> once it has run, failed or not. An invocation counts one more invocation; the rest
    /// of one (writing its HTTP result) adds only its requests.
    /// </summary>
    public async Task CountAsync(Func<Task> work, string functionName, bool isInvocation = true)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(functionName);
        using var scope = StorageRequestCounter.BeginScope(RecordsRequests);
        try
        {
            await work();
        }
        finally
        {
            Add(functionName, scope, isInvocation);
        }
    }

    protected virtual void Add(string functionName, StorageRequestScope scope, bool isInvocation)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var counts = _functions.GetOrAdd(functionName, _ => new FunctionCounts());
        if (isInvocation)
        {
            Interlocked.Increment(ref counts.Invocations);
        }

        Interlocked.Add(ref counts.Requests, scope.Requests);
        Interlocked.Add(ref counts.Attempts, scope.Attempts);
    }

    /// <summary>Process totals (every client, every flow) and the part each function's invocations made.</summary>
    public StorageRequestReport Report() => new(
        StorageRequestCounter.TotalRequests,
        StorageRequestCounter.TotalAttempts,
        _functions.ToDictionary(
            pair => pair.Key,
            pair => new FunctionStorageRequests(
                Interlocked.Read(ref pair.Value.Invocations), Interlocked.Read(ref pair.Value.Requests), Interlocked.Read(ref pair.Value.Attempts)),
            StringComparer.Ordinal));

    private sealed class FunctionCounts
    {
        // Fields, so Interlocked can update them.
        public long Invocations;
        public long Requests;
        public long Attempts;
    }
}

/// <param name="TotalRequests">First attempts made by the whole process, counted invocations or not.</param>
/// <param name="TotalAttempts">Every attempt, retries included.</param>
/// <param name="Functions">Per function name: invocations answered, and the requests and attempts they made.</param>
public sealed record StorageRequestReport(long TotalRequests, long TotalAttempts, IReadOnlyDictionary<string, FunctionStorageRequests> Functions);

public sealed record FunctionStorageRequests(long Invocations, long Requests, long Attempts);
