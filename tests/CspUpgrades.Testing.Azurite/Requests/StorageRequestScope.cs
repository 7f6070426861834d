using System.Collections.Concurrent;

namespace CspUpgrades.Testing.Azurite.Requests;

/// <summary>
/// Counts the storage requests made in the async flow that opened it (see <see cref="StorageRequestRecorder.BeginScope"/>),
/// or every request of the clients a recorder made for it carries (<see cref="StorageRequestRecorder.Into"/>).
/// Scopes nest: a request also counts in every enclosing scope. Thread-safe.
/// </summary>
public sealed class StorageRequestScope : IDisposable
{
    private readonly ConcurrentQueue<StorageRequest> _recorded = new();
    private int _requests;
    private int _attempts;

    internal StorageRequestScope(StorageRequestScope? parent, bool recordRequests)
    {
        Parent = parent;
        RecordsRequests = recordRequests;
    }

    /// <summary>Logical requests: first attempts only.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Every attempt that went down the pipeline, retries included.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    public int Retries => Attempts - Requests;

    /// <summary>A snapshot of every attempt, in completion order (empty for a scope that only counts).</summary>
    public IReadOnlyList<StorageRequest> Recorded => [.. _recorded];

    internal StorageRequestScope? Parent { get; }

    internal bool IsDisposed { get; private set; }

    internal bool RecordsRequests { get; }

    public void Dispose()
    {
        IsDisposed = true;
        StorageRequestRecorder.EndScope(this);
    }

    internal void Count(bool isRetry)
    {
        if (!isRetry)
        {
            Interlocked.Increment(ref _requests);
        }

        Interlocked.Increment(ref _attempts);
    }

    internal void Record(StorageRequest request) => _recorded.Enqueue(request);
}
