using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace CspUpgrades.Functions.Http;

/// <summary>
/// The worker's last line for HTTP functions, and where their problem details get a W3C traceId: an exception that escaped
/// becomes a problem details answer (<see cref="ErrorHandling"/>), with nothing internal in it. Registered for HTTP triggers only: a queue or
/// timer function's exception must reach the host, which retries and poisons.
/// </summary>
public sealed class ProblemDetailsMiddleware(ILoggerFactory loggerFactory) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);

        // Problem details carry a traceId: the invocation's W3C traceparent (the worker's Kestrel would otherwise name its
        // connection).
        if (context.GetHttpContext() is { } request && context.TraceContext?.TraceParent is { Length: > 0 } traceParent)
        {
            request.TraceIdentifier = traceParent;
        }

        try
        {
            await next(context);
        }
        catch (Exception error) when (context.GetHttpContext() is { Response.HasStarted: false } http)
        {
            context.GetInvocationResult().Value = ErrorHandling.ProblemFor(error, http, loggerFactory.CreateLogger(ErrorHandling.LoggerCategory));
        }
    }
}
