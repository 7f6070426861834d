using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace CspUpgrades.Functions.Telemetry;

/// <summary>
/// The worker's storage-request counting (see <see cref="StorageRequestDiagnostics"/>): every invocation of every trigger
/// type, HTTP, queue and timer alike, tallied under its function's name. An exception passes through untouched, so a
/// queue or timer invocation still fails for the host to retry.
/// </summary>
public sealed class StorageRequestCountingMiddleware(StorageRequestTally tally) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var name = context.FunctionDefinition.Name;
        await tally.CountAsync(() => next(context), name);

        // The worker writes an HTTP function's result after every middleware has returned; a body that reads storage as it
        // is written (the audit report's findings, as JSON or CSV) would go uncounted: count its writing as well.
        if (context.GetInvocationResult() is { Value: IResult result } invocationResult)
        {
            invocationResult.Value = new CountedResult(result, tally, name);
        }
    }

    private sealed class CountedResult(IResult inner, StorageRequestTally tally, string function) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => tally.CountAsync(() => inner.ExecuteAsync(httpContext), function, isInvocation: false);
    }
}
