using Azure.Core;
using Azure.Core.Pipeline;

namespace CspUpgrades.Storage.Diagnostics;

/// <summary>
/// A per-retry pipeline policy on every storage client (added through <c>ClientOptions.AddPolicy</c> by
/// <see cref="Clients.StorageClientDefaults"/>) that records each attempt into the ambient
/// <see cref="StorageRequestScope"/>s and into process-wide totals. Scopes live in an <see cref="AsyncLocal{T}"/>,
/// so concurrent flows never see each other's requests.
/// <code>
/// using var scope = StorageRequestCounter.BeginScope();
/// await handler.CheckAsync(...);
/// Assert.Equal(1, scope.Requests);
/// </code>
/// </summary>
public sealed class StorageRequestCounter : HttpPipelinePolicy
{
    private static readonly AsyncLocal<StorageRequestScope?> Current = new();
    private static long s_totalRequests;
    private static long s_totalAttempts;

    private readonly StorageService _service;

    private StorageRequestCounter(StorageService service) => _service = service;

    /// <summary>The policy of Table service clients.</summary>
    public static StorageRequestCounter Tables { get; } = new(StorageService.Table);

    /// <summary>The policy of Queue service clients.</summary>
    public static StorageRequestCounter Queues { get; } = new(StorageService.Queue);

    /// <summary>Logical requests (first attempts) made by this process.</summary>
    public static long TotalRequests => Interlocked.Read(ref s_totalRequests);

    /// <summary>Attempts made by this process, retries included.</summary>
    public static long TotalAttempts => Interlocked.Read(ref s_totalAttempts);

    /// <summary>Starts counting the requests made from here on in this async flow, until the scope is disposed.</summary>
    /// <param name="recordRequests">Also keep each request (<see cref="StorageRequestScope.Recorded"/>); false counts only,
    /// for a scope around a whole invocation that may make thousands of requests (an audit).</param>
    public static StorageRequestScope BeginScope(bool recordRequests = true)
    {
        var scope = new StorageRequestScope(Current.Value, recordRequests);
        Current.Value = scope;
        return scope;
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var scope = Current.Value;
        var status = 0;
        try
        {
            await ProcessNextAsync(message, pipeline);
            status = message.Response.Status;
        }
        finally
        {
            Record(_service, scope, message, status);
        }
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var scope = Current.Value;
        var status = 0;
        try
        {
            ProcessNext(message, pipeline);
            status = message.Response.Status;
        }
        finally
        {
            Record(_service, scope, message, status);
        }
    }

    internal static void EndScope(StorageRequestScope scope)
    {
        if (ReferenceEquals(Current.Value, scope))
        {
            Current.Value = scope.Parent;
        }
    }

    private static void Record(StorageService service, StorageRequestScope? scope, HttpMessage message, int status)
    {
        var attempt = message.ProcessingContext.RetryNumber;
        if (attempt == 0)
        {
            Interlocked.Increment(ref s_totalRequests);
        }

        Interlocked.Increment(ref s_totalAttempts);
        if (scope is null)
        {
            return;
        }

        StorageRequest? request = null;
        for (var s = scope; s is not null; s = s.Parent)
        {
            if (!s.IsDisposed)
            {
                s.Count(attempt > 0);
                if (s.RecordsRequests)
                {
                    request ??= StorageRequest.From(service, message.Request, attempt, status);
                    s.Record(request);
                }
            }
        }
    }
}
