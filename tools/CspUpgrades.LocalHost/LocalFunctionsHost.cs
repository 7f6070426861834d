using System.Net;
using CspUpgrades.LocalHost.Admin;
using CspUpgrades.LocalHost.App;
using CspUpgrades.LocalHost.Http;
using CspUpgrades.LocalHost.Invocations;
using CspUpgrades.LocalHost.Queues;
using CspUpgrades.LocalHost.Timers;
using CspUpgrades.LocalHost.Worker;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Yarp.ReverseProxy.Forwarder;

namespace CspUpgrades.LocalHost;

/// <summary>
/// A local Functions host for one .NET isolated worker app: loads the app, serves the worker's gRPC EventStream on
/// cleartext HTTP/2 (127.0.0.1, a free port), starts and supervises the worker, and fires its HTTP (public port),
/// queue and timer triggers. <see cref="StartAsync"/> returns once every function is loaded and the triggers run.
/// </summary>
public sealed class LocalFunctionsHost : IAsyncDisposable
{
    public const string LoggerCategory = "CspUpgrades.LocalHost";

    /// <summary>The application id the host's storage clients send at the start of their User-Agent, as the Functions host
    /// identifies its own: what tells its storage requests (queue polling) from the worker's on the wire.</summary>
    public const string StorageApplicationId = "CspUpgrades.LocalHost";

    private readonly ILogger _logger;
    private readonly List<WebApplication> _servers = [];
    private readonly List<IAsyncDisposable> _listeners = [];
    private WorkerSupervisor? _supervisor;
    private HttpTriggerHandler? _http;
    private bool _stopped;

    private LocalFunctionsHost(ILoggerFactory loggerFactory)
    {
        _logger = loggerFactory.CreateLogger(LoggerCategory);
    }

    /// <summary>Where HTTP functions and the admin API answer, for example <c>http://127.0.0.1:7071/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The worker's process id now (null while it restarts, and for an in-process worker: that process is the caller's).</summary>
    public int? WorkerProcessId => _supervisor?.Current?.Worker is WorkerProcess process ? process.ProcessId : null;

    /// <summary>The worker's own HTTP address (its ASP.NET Core integration), for measuring against.</summary>
    public Uri? WorkerHttpUri => _supervisor?.Current?.HttpUri;

    public int WorkerRestarts => _supervisor?.Restarts ?? 0;

    /// <summary>
    /// Completes when a worker is connected and has loaded every function (requests and triggers wait for this on their
    /// own; a caller that reads the worker's state directly waits here first).
    /// </summary>
    public async Task WaitForWorkerAsync(CancellationToken cancellationToken = default) =>
        await (_supervisor ?? throw new InvalidOperationException("The host has not started.")).WaitForReadyAsync(cancellationToken);

    public static async Task<LocalFunctionsHost> StartAsync(LocalHostOptions options, ILoggerFactory loggerFactory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var host = new LocalFunctionsHost(loggerFactory);
        try
        {
            await host.StartCoreAsync(options, loggerFactory, TimeProvider.System, cancellationToken);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        _supervisor?.BeginStop();
        foreach (var server in _servers.Skip(1))
        {
            await server.StopAsync(TimeSpan.FromSeconds(2));
        }

        foreach (var listener in _listeners)
        {
            await listener.DisposeAsync();
        }

        if (_supervisor is not null)
        {
            await _supervisor.DisposeAsync();
        }

        foreach (var server in _servers.Take(1))
        {
            await server.StopAsync(TimeSpan.FromSeconds(2));
        }

        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        _http?.Dispose();
        HostLog.HostStopped(_logger);
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task StartCoreAsync(LocalHostOptions options, ILoggerFactory loggerFactory, TimeProvider time, CancellationToken cancellationToken)
    {
        var app = FunctionAppLoader.Load(options.AppDirectory, options.SettingsFile, options.SettingOverrides);
        var names = string.Join(", ", app.Functions.Select(f => f.Name));
        HostLog.AppLoaded(_logger, app.Directory, app.Functions.Count, names);

        // The worker's side channel: gRPC on cleartext HTTP/2 only (an Http1AndHttp2 listener without TLS speaks HTTP/1.1 and the worker hangs).
        var registry = new WorkerRegistry(loggerFactory);
        var grpc = CreateServer(loggerFactory, kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        grpc.Services.AddGrpc(o =>
        {
            o.MaxReceiveMessageSize = null;
            o.MaxSendMessageSize = null;
        });
        grpc.Services.AddSingleton(registry);
        var grpcApp = grpc.Build();
        grpcApp.MapGrpcService<FunctionRpcService>();
        await grpcApp.StartAsync(cancellationToken);
        _servers.Add(grpcApp);
        var grpcUri = new Uri(Address(grpcApp));

        _supervisor = new WorkerSupervisor(app, grpcUri, registry, options, _logger, time);
        await _supervisor.StartAsync(cancellationToken);

        var invoker = new FunctionInvoker(app, _logger, time);
        var triggers = new Dictionary<string, IManualTrigger>(StringComparer.OrdinalIgnoreCase);
        foreach (var function in app.Functions.Where(app.IsDisabled))
        {
            HostLog.FunctionDisabled(_logger, function.Name);
        }

        var enabled = app.Functions.Where(f => !app.IsDisabled(f)).ToList();
        foreach (var function in enabled)
        {
            switch (function.Trigger)
            {
                case QueueTrigger:
                    var queue = new QueueListener(function, app.Host.Queues, _supervisor, invoker, options, _logger, time);
                    triggers[function.Name] = queue;
                    _listeners.Add(queue);
                    break;
                case TimerTrigger:
                    var timer = new TimerListener(function, _supervisor, invoker, options, _logger, time);
                    triggers[function.Name] = timer;
                    _listeners.Add(timer);
                    break;
            }
        }

        var port = options.Port
            ?? (int.TryParse(app.Settings.Get("Host:LocalHttpPort"), System.Globalization.CultureInfo.InvariantCulture, out var configured) ? configured : LocalHostOptions.DefaultPort);
        var web = CreateServer(loggerFactory, kestrel => kestrel.Listen(IPAddress.Loopback, port));
        web.Services.AddHttpForwarder();
        var webApp = web.Build();
        _http = new HttpTriggerHandler(_supervisor, invoker, webApp.Services.GetRequiredService<IHttpForwarder>(), app, options, _logger);
        var handler = _http;
        var routes = new List<string>();
        foreach (var function in app.Functions)
        {
            if (function.Trigger is HttpTrigger http)
            {
                // A disabled function keeps its route and answers an empty 404 there, as in the Functions host: without the
                // route, a catch-all function (an app's own "no such route" answer) would get the request in its place.
                var pattern = "/" + AdminEndpoints.Combine(app.Host.RoutePrefix, http.Route);
                var disabled = app.IsDisabled(function);
                Task Handle(Microsoft.AspNetCore.Http.HttpContext context) => disabled ? NotFound(context) : handler.HandleAsync(context, function, http);
                var endpoint = http.Methods.Count == 0 ? webApp.Map(pattern, Handle) : webApp.MapMethods(pattern, http.Methods, Handle);
                endpoint.WithDisplayName(function.Name);
                routes.Add($"{function.Name}{(disabled ? " (disabled)" : string.Empty)}: [{(http.Methods.Count == 0 ? "*" : string.Join(',', http.Methods))}] {pattern}");
            }
        }

        webApp.MapAdmin(app, triggers, _supervisor, _logger);
        await webApp.StartAsync(cancellationToken);
        _servers.Add(webApp);
        BaseAddress = new Uri(Address(webApp) + "/");
        var baseAddress = BaseAddress.ToString();
        var routeList = string.Join("; ", routes);
        HostLog.HttpListening(_logger, baseAddress, routeList);

        foreach (var listener in _listeners)
        {
            switch (listener)
            {
                case QueueListener queue:
                    queue.Start();
                    break;
                case TimerListener timer:
                    timer.Start();
                    break;
            }
        }
    }

    private static Task NotFound(Microsoft.AspNetCore.Http.HttpContext context)
    {
        context.Response.StatusCode = Microsoft.AspNetCore.Http.StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    private static WebApplicationBuilder CreateServer(ILoggerFactory loggerFactory, Action<KestrelServerOptions> listen)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;

            // Any header byte is one char (Latin-1), so the forwarder can send the very bytes on to the worker.
            kestrel.RequestHeaderEncodingSelector = _ => System.Text.Encoding.Latin1;
            listen(kestrel);
        });
        return builder;
    }

    private static string Address(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
}
