using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CspUpgrades.LocalHost.FixtureApp.Http;

/// <summary>Functions that misbehave on purpose: throw, kill their own worker process, or take their time.</summary>
public sealed class FaultFunctions(ILogger<FaultFunctions> logger)
{
    [Function(nameof(Throw))]
    public static IActionResult Throw([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "throw")] HttpRequest request)
        => throw new InvalidOperationException("fixture secret: this detail must not reach the client");

    [Function(nameof(Crash))]
    public IActionResult Crash([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "crash")] HttpRequest request)
    {
        FixtureLog.CrashRequested(logger, Environment.ProcessId);
        Process.GetCurrentProcess().Kill();
        return new OkResult();
    }

    [Function(nameof(Slow))]
    public async Task<IActionResult> Slow(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "slow/{milliseconds:int}")] HttpRequest request,
        int milliseconds,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var tag = request.Query["tag"].ToString();
        try
        {
            await Task.Delay(milliseconds, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            FixtureLog.SlowCancelled(logger, tag);
            throw;
        }

        FixtureLog.SlowFinished(logger, tag);
        return new OkObjectResult(new { milliseconds });
    }

    /// <summary>Reads the request body as a stream and answers with its length.</summary>
    [Function(nameof(Upload))]
    public static async Task<IActionResult> Upload([HttpTrigger(AuthorizationLevel.Anonymous, "post", "put", Route = "upload")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await request.Body.ReadAsync(buffer)) > 0)
        {
            total += read;
        }

        return new OkObjectResult(new { length = total });
    }

    /// <summary>Streams <c>count</c> lines back, flushing each one.</summary>
    [Function(nameof(Download))]
    public static async Task Download(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "download/{count:int}")] HttpRequest request,
        int count)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = request.HttpContext.Response;
        response.ContentType = "text/plain";
        for (var i = 0; i < count; i++)
        {
            await response.WriteAsync($"line {i}\n");
            await response.Body.FlushAsync();
        }
    }
}
