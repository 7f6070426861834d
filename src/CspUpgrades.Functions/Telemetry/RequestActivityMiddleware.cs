using System.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace CspUpgrades.Functions.Telemetry;

/// <summary>
/// Runs an HTTP function inside its request's trace. With ASP.NET Core integration the request arrives on the worker's
/// Kestrel, whose request activity continues the caller's <c>traceparent</c>, but the function runs on the invocation's
/// own path, where that activity is not current: without this, the app's spans and measurements (the eligibility count, the
/// trace context RequestUpgrade puts in the upgrade message) would belong to no trace of the caller's. Makes the request's
/// activity current while the function and the middleware after this one run. Nothing changes when nobody listens (ASP.NET
/// Core then creates no activity).
/// </summary>
public sealed class RequestActivityMiddleware : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.GetHttpContext()?.Features.Get<IHttpActivityFeature>()?.Activity is { } request)
        {
            // An async method's change of Activity.Current ends when it returns: the invocation's path is left as it was.
            Activity.Current = request;
        }

        await next(context);
    }
}
