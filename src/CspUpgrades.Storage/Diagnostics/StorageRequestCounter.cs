using Azure.Core;
using Azure.Core.Pipeline;

namespace CspUpgrades.Storage.Diagnostics;

/// <summary>
/// A per-retry pipeline policy on every storage client (added through <c>ClientOptions.AddPolicy</c> by
/// <see cref="Clients.StorageClientDefaults"/>) that counts this process's storage requests and attempts: what the
/// <c>cspupgrades.storage.requests</c> and <c>cspupgrades.storage.retries</c> metrics report. It counts, nothing more;
/// what a request was about is for tests to record (their own policy, in test support).
/// </summary>
public sealed class StorageRequestCounter : HttpPipelinePolicy
{
    private static long s_totalRequests;
    private static long s_totalAttempts;

    private StorageRequestCounter()
    {
    }

    /// <summary>The one policy every storage client carries.</summary>
    public static StorageRequestCounter Instance { get; } = new();

    /// <summary>Logical requests (first attempts) made by this process.</summary>
    public static long TotalRequests => Interlocked.Read(ref s_totalRequests);

    /// <summary>Attempts made by this process, retries included.</summary>
    public static long TotalAttempts => Interlocked.Read(ref s_totalAttempts);

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count(message);
        await ProcessNextAsync(message, pipeline);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count(message);
        ProcessNext(message, pipeline);
    }

    private static void Count(HttpMessage message)
    {
        if (message.ProcessingContext.RetryNumber == 0)
        {
            Interlocked.Increment(ref s_totalRequests);
        }

        Interlocked.Increment(ref s_totalAttempts);
    }
}
