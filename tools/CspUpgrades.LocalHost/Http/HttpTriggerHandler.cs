using System.Globalization;
using System.Net;
using System.Text.Json;
using CspUpgrades.LocalHost.App;
using CspUpgrades.LocalHost.Invocations;
using CspUpgrades.LocalHost.Rpc;
using CspUpgrades.LocalHost.Worker;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;

namespace CspUpgrades.LocalHost.Http;

/// <summary>
/// An HTTP trigger the way the Functions host runs it with the ASP.NET Core integration: the InvocationRequest (route
/// values and query in trigger metadata, an empty RpcHttp as input) goes out as the original request is forwarded to
/// the worker's HttpUri with <c>x-ms-invocation-id</c>; bodies stream both ways; the worker's response is the answer,
/// except that a failed invocation answers 500 without detail.
/// </summary>
internal sealed class HttpTriggerHandler : IDisposable
{
    /// <summary>FUNCTIONS_REQUEST_BODY_SIZE_LIMIT's default in the Functions host: 100 MB.</summary>
    public const long DefaultMaxRequestBodySize = 104_857_600;

    public const string InvocationIdHeader = "x-ms-invocation-id";

    private readonly WorkerSupervisor _supervisor;
    private readonly FunctionInvoker _invoker;
    private readonly IHttpForwarder _forwarder;
    private readonly LocalHostOptions _options;
    private readonly ILogger _logger;
    private readonly HttpMessageInvoker _client;
    private readonly ForwarderRequestConfig _requestConfig;

    public HttpTriggerHandler(WorkerSupervisor supervisor, FunctionInvoker invoker, IHttpForwarder forwarder, FunctionApp app, LocalHostOptions options, ILogger logger)
    {
        _supervisor = supervisor;
        _invoker = invoker;
        _forwarder = forwarder;
        _options = options;
        _logger = logger;
        _client = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ActivityHeadersPropagator = null,
            ConnectTimeout = TimeSpan.FromSeconds(15),

            // Header bytes pass through unchanged (the listener reads them as Latin-1): a client's UTF-8 value must reach the
            // function to be judged there, not fail the forward (HttpClient refuses non-ASCII by default) as a 500.
            RequestHeaderEncodingSelector = (_, _) => System.Text.Encoding.Latin1,
        });
        _requestConfig = new ForwarderRequestConfig { ActivityTimeout = app.Host.FunctionTimeout ?? TimeSpan.FromMinutes(30) };
        MaxRequestBodySize = long.TryParse(app.Settings.Get("FUNCTIONS_REQUEST_BODY_SIZE_LIMIT"), NumberStyles.None, CultureInfo.InvariantCulture, out var limit)
            ? limit
            : DefaultMaxRequestBodySize;
    }

    public long MaxRequestBodySize { get; }

    public async Task HandleAsync(HttpContext context, FunctionDefinition function, HttpTrigger trigger)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = MaxRequestBodySize;
        }

        if (context.Request.ContentLength > MaxRequestBodySize)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        WorkerInstance worker;
        using (var wait = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted))
        {
            wait.CancelAfter(_options.ReadyWaitTimeout);
            try
            {
                worker = await _supervisor.WaitForReadyAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }
        }

        var invocation = _invoker.Start(
            worker,
            function,
            $"HTTP {context.Request.Method} {context.Request.Path}",
            new ParameterBinding { Name = trigger.BindingName, Data = new TypedData { Http = new RpcHttp() } },
            TriggerMetadata(context));
        var transformer = new InvocationTransformer(invocation);
        var destination = worker.HttpUri!.GetLeftPart(UriPartial.Authority);
        var error = await _forwarder.SendAsync(context, destination, _client, _requestConfig, transformer);
        if (context.RequestAborted.IsCancellationRequested)
        {
            invocation.Cancel("the client disconnected");
        }
        else if (error != ForwarderError.None)
        {
            // The worker waits for the forwarded request that will not come: cancel instead of letting it time out.
            var reason = context.Features.Get<IForwarderErrorFeature>()?.Exception?.Message ?? error.ToString();
            HostLog.ForwardFailed(_logger, function.Name, invocation.InvocationId, error.ToString(), reason);
            invocation.Cancel("forwarding the request to the worker failed");
        }

        var result = await invocation.Completion;
        if (result.Succeeded || transformer.AnsweredFailure)
        {
            return;
        }

        if (!context.Response.HasStarted)
        {
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        }
        else if (!context.RequestAborted.IsCancellationRequested)
        {
            HostLog.HttpAbortedAfterFailure(_logger, invocation.InvocationId, function.Name);
            context.Abort();
        }
    }

    public void Dispose() => _client.Dispose();

    /// <summary>Route values and each query value as strings, plus Query and Headers as JSON, as the Functions host sends them.</summary>
    private static Dictionary<string, TypedData> TriggerMetadata(HttpContext context)
    {
        var metadata = new Dictionary<string, TypedData>(StringComparer.OrdinalIgnoreCase);
        var query = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in context.Request.Query)
        {
            query[key] = value.ToString();
            metadata[key] = FunctionInvoker.Text(value.ToString());
        }

        foreach (var (key, value) in context.Request.RouteValues)
        {
            if (value is not null)
            {
                metadata[key] = FunctionInvoker.Text(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty);
            }
        }

        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        metadata["Query"] = FunctionInvoker.Json(JsonSerializer.Serialize(query));
        metadata["Headers"] = FunctionInvoker.Json(JsonSerializer.Serialize(headers));
        return metadata;
    }

    /// <summary>
    /// Adds the invocation id to the forwarded request, and holds the worker's response headers until the invocation's
    /// outcome is known, so that a failed function answers 500 instead of the worker's empty 200. A response without a
    /// Content-Length (a function streaming its body) is held only briefly, so that streaming keeps working.
    /// </summary>
    private sealed class InvocationTransformer(RunningInvocation invocation) : HttpTransformer
    {
        private static readonly TimeSpan WaitForOutcome = TimeSpan.FromSeconds(5);
        private static readonly TimeSpan WaitForStreamingOutcome = TimeSpan.FromMilliseconds(100);

        public bool AnsweredFailure { get; private set; }

        public override async ValueTask TransformRequestAsync(
            HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
        {
            await Default.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
            proxyRequest.Headers.TryAddWithoutValidation(InvocationIdHeader, invocation.InvocationId);
        }

        public override async ValueTask<bool> TransformResponseAsync(
            HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
        {
            if (proxyResponse is not null)
            {
                var wait = proxyResponse.Content.Headers.ContentLength is not null ? WaitForOutcome : WaitForStreamingOutcome;
                await Task.WhenAny(invocation.Completion, Task.Delay(wait, cancellationToken));
                if (invocation.Completion.IsCompletedSuccessfully && !invocation.Completion.Result.Succeeded)
                {
                    AnsweredFailure = true;
                    httpContext.Response.Clear();
                    httpContext.Response.StatusCode = StatusCodes.Status500InternalServerError;
                    return false;
                }
            }

            return await Default.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        }

        public override ValueTask TransformResponseTrailersAsync(HttpContext httpContext, HttpResponseMessage proxyResponse, CancellationToken cancellationToken) =>
            Default.TransformResponseTrailersAsync(httpContext, proxyResponse, cancellationToken);
    }
}
