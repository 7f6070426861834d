using System.Net;
using Azure.Core.Pipeline;

namespace CspUpgrades.Storage.Connection;

/// <summary>One process-wide HttpClient with pooled keep-alive connections, shared by every storage client.</summary>
internal static class StorageTransport
{
    public static HttpPipelineTransport Shared { get; } = new HttpClientTransport(new HttpClient(new SocketsHttpHandler
    {
        // Recycle connections now and then so DNS changes (failover) are noticed.
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        AutomaticDecompression = DecompressionMethods.None,
        AllowAutoRedirect = false,
        UseCookies = false,
    })
    {
        // Azure.Core enforces NetworkTimeout per attempt; HttpClient's own timeout would cut across retries.
        Timeout = Timeout.InfiniteTimeSpan,
    });
}
