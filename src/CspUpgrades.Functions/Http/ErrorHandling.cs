using Azure;

namespace CspUpgrades.Functions.Http;

/// <summary>
/// The last line for HTTP functions (<see cref="ProblemDetailsMiddleware"/>): an exception that escaped a handler becomes a
/// problem details answer with nothing internal in it. Storage trouble is 503 (retry later); anything else is 500.
/// </summary>
public static partial class ErrorHandling
{
    public const string LoggerCategory = "CspUpgrades.Errors";

    /// <summary>The answer to an exception that escaped a handler ; logs what it hides.</summary>
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
    /// Azure.Core's retry policy throws an AggregateException of every attempt's exception when the last attempt failed
    /// without an answer (a network timeout, a dropped connection): storage unreachable, not a bug.
    /// </summary>
    private static bool IsStorageRetriesExhausted(AggregateException retries) =>
        retries.InnerExceptions.Count > 0
        && retries.InnerExceptions.All(inner => inner is RequestFailedException or OperationCanceledException or TimeoutException or IOException);

    [LoggerMessage(Level = LogLevel.Error, Message = "Storage failed while serving {Path}: {Status} {ErrorCode}")]
    private static partial void LogStorageFailure(ILogger logger, Exception exception, string path, int status, string? errorCode);

    [LoggerMessage(Level = LogLevel.Error, Message = "Storage did not answer while serving {Path}; the SDK's retries are exhausted")]
    private static partial void LogStorageUnreachable(ILogger logger, Exception exception, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error while serving {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception? exception, string path);
}
