using Azure;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace CspUpgrades.Functions.Http;

/// <summary>
/// The last line: an exception that escaped a handler becomes a problem details answer with nothing
/// internal in it. Storage trouble is 503 (retry later); anything else is 500. For host invocations
/// both are failures, so the host retries the message.
/// </summary>
public static partial class ErrorHandling
{
    public static IApplicationBuilder UseProblemDetailsForErrors(this IApplicationBuilder app)
    {
        // Answers the framework writes itself (routing's 404/405, content-type matching's 415, through
        // UseStatusCodePages) carry a code too, so a client can rely on every problem having one.
        app.ApplicationServices.GetRequiredService<IOptions<ProblemDetailsOptions>>().Value.CustomizeProblemDetails += AddMissingCode;
        return app.UseExceptionHandler(errorApp => errorApp.Run(async context =>
        {
            var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(LoggerCategory);
            await ProblemFor(error, context, logger).ExecuteAsync(context);
        }));
    }

    public const string LoggerCategory = "CspUpgrades.Errors";

    /// <summary>The answer to an exception that escaped a handler (custom handler and worker alike); logs what it hides.</summary>
    public static IResult ProblemFor(Exception? error, HttpContext context, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(context);
        switch (error)
        {
            case BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge:
                return Problems.TooLarge(context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? 0);
            case BadHttpRequestException bad:
                return Problems.Create(bad.StatusCode, "bad_request", "The request could not be read.", null);
            case RequestFailedException storage:
                LogStorageFailure(logger, storage, context.Request.Path, storage.Status, storage.ErrorCode);
                context.Response.Headers.RetryAfter = "5";
                return Problems.Unavailable();
            case AggregateException retries when IsStorageRetriesExhausted(retries):
                LogStorageUnreachable(logger, retries, context.Request.Path);
                context.Response.Headers.RetryAfter = "5";
                return Problems.Unavailable();
            default:
                LogUnhandled(logger, error, context.Request.Path);
                return Problems.Internal();
        }
    }

    /// <summary>
    /// Answers the framework writes without a body (routing's 404 and 405, content-type matching's 415) become
    /// problem details — always, whatever the request's <c>Accept</c> says. The default status code pages fall
    /// back to text/plain when Accept does not name JSON (e.g. <c>Accept: text/csv</c> on an audit route miss).
    /// </summary>
    public static IApplicationBuilder UseProblemDetailsForStatusCodes(this IApplicationBuilder app) =>
        app.UseStatusCodePages(context => Problems.ForStatus(context.HttpContext.Response.StatusCode).ExecuteAsync(context.HttpContext));

    /// <summary>
    /// Azure.Core's retry policy throws an AggregateException of every attempt's exception when the last attempt failed
    /// without an answer (a network timeout, a dropped connection): storage unreachable, not a bug.
    /// </summary>
    private static bool IsStorageRetriesExhausted(AggregateException retries) =>
        retries.InnerExceptions.Count > 0
        && retries.InnerExceptions.All(inner => inner is RequestFailedException or OperationCanceledException or TimeoutException or IOException);

    private static void AddMissingCode(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (!problem.Extensions.ContainsKey("code") && Problems.CodeForStatus(problem.Status ?? context.HttpContext.Response.StatusCode) is { } code)
        {
            problem.Extensions["code"] = code;
            problem.Type = Problems.TypeBase + code;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Storage failed while serving {Path}: {Status} {ErrorCode}")]
    private static partial void LogStorageFailure(ILogger logger, Exception exception, string path, int status, string? errorCode);

    [LoggerMessage(Level = LogLevel.Error, Message = "Storage did not answer while serving {Path}; the SDK's retries are exhausted")]
    private static partial void LogStorageUnreachable(ILogger logger, Exception exception, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error while serving {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception? exception, string path);
}
