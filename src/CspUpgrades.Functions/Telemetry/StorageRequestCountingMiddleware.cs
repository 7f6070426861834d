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
    public Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        return tally.CountAsync(() => next(context), () => context.FunctionDefinition.Name);
    }
}
