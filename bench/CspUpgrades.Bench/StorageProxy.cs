using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using System.Net.Sockets;
using CspUpgrades.LocalHost;
using CspUpgrades.Testing.Azurite;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace CspUpgrades.Bench;

/// <summary>
/// A counting proxy in front of Azurite's table and queue endpoints: how the benchmark counts the app's storage requests
/// from outside, as the storage account sees them (every attempt, retries included). The app under test (the local host and
/// its worker, which share one connection string) is given <see cref="AppConnectionString"/>, the benchmark's own clients
/// (seeding, the raw baselines) <see cref="BenchConnectionString"/>, so both pay the same hop. On the app's ports a request
/// is the host's when its User-Agent starts with <see cref="LocalFunctionsHost.StorageApplicationId"/> (its queue polling,
/// receives, deletes), else the worker's. Requests are counted as they arrive, before they are forwarded: a request the
/// worker has sent is counted by the time the invocation that sent it ends.
/// </summary>
internal sealed class StorageProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "Host",
    };

    private readonly WebApplication _server;
    private readonly HttpClient _forward = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    private readonly Dictionary<int, (Uri Target, bool IsApp)> _routes;
    private long _workerRequests;
    private long _hostRequests;

    private StorageProxy(WebApplication server, Dictionary<int, (Uri, bool)> routes, string appConnectionString, string benchConnectionString)
    {
        _server = server;
        _routes = routes;
        AppConnectionString = appConnectionString;
        BenchConnectionString = benchConnectionString;
    }

    /// <summary>For the app under test: the host and its worker.</summary>
    public string AppConnectionString { get; }

    /// <summary>For the benchmark's own clients: seeding, reading results, the raw baselines. Not counted.</summary>
    public string BenchConnectionString { get; }

    /// <summary>Requests the app's worker has sent to storage so far.</summary>
    public long WorkerRequests => Interlocked.Read(ref _workerRequests);

    /// <summary>Requests the local Functions host has sent to storage so far: its queue trigger's receives, deletes, idle polls.</summary>
    public long HostRequests => Interlocked.Read(ref _hostRequests);

    public static async Task<StorageProxy> StartAsync(AzuriteFixture azurite)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        var (appTable, appQueue, benchTable, benchQueue) = (FreePort(), FreePort(), FreePort(), FreePort());
        var routes = new Dictionary<int, (Uri, bool)>
        {
            [appTable] = (azurite.TableEndpoint, true),
            [appQueue] = (azurite.QueueEndpoint, true),
            [benchTable] = (azurite.TableEndpoint, false),
            [benchQueue] = (azurite.QueueEndpoint, false),
        };
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.AddServerHeader = false;
            foreach (var port in routes.Keys)
            {
                kestrel.Listen(IPAddress.Loopback, port);
            }
        });
        var server = builder.Build();
        var proxy = new StorageProxy(
            server, routes,
            ConnectionString(azurite, appTable, appQueue),
            ConnectionString(azurite, benchTable, benchQueue));
        server.Run(proxy.ForwardAsync);
        await server.StartAsync();
        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync();
        await _server.DisposeAsync();
        _forward.Dispose();
    }

    private static string ConnectionString(AzuriteFixture azurite, int tablePort, int queuePort) =>
        $"DefaultEndpointsProtocol=http;AccountName={AzuriteFixture.AccountName};AccountKey={AzuriteFixture.AccountKey};" +
        $"BlobEndpoint={azurite.BlobEndpoint};QueueEndpoint={OnPort(azurite.QueueEndpoint, queuePort)};TableEndpoint={OnPort(azurite.TableEndpoint, tablePort)};";

    private static Uri OnPort(Uri endpoint, int port) => new UriBuilder(endpoint) { Port = port }.Uri;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var (target, isApp) = _routes[context.Connection.LocalPort];
        if (isApp)
        {
            var isHost = context.Request.Headers.UserAgent.ToString().StartsWith(LocalFunctionsHost.StorageApplicationId, StringComparison.Ordinal);
            Interlocked.Increment(ref isHost ? ref _hostRequests : ref _workerRequests);
        }

        // The exact path and query the client signed (shared key signs the escaped path).
        var rawTarget = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri($"{target.Scheme}://{target.Authority}{rawTarget}"));
        if (context.Request.ContentLength is not null || context.Request.Headers.ContainsKey("Transfer-Encoding"))
        {
            request.Content = new StreamContent(context.Request.Body);
        }

        foreach (var (name, values) in context.Request.Headers)
        {
            if (!HopByHop.Contains(name) && !request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        using var response = await _forward.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!HopByHop.Contains(name) && !(name == "Content-Length" && response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.NotModified))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }
}
