using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace CspUpgrades.Functions.Security;

/// <summary>
/// The worker's partner authentication, once for every <see cref="RequiresPartnerAttribute"/> function: a request without
/// a valid credential gets the 401 problem, one whose credential does not grant the function's permission the 403, and the
/// function does not run.
/// </summary>
public sealed class PartnerAuthenticationMiddleware(PartnerCredentials credentials) : IFunctionsWorkerMiddleware
{
    private static readonly ConcurrentDictionary<string, RequiresPartnerAttribute?> Requirements = new(StringComparer.Ordinal);

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (Requirements.GetOrAdd(context.FunctionId, static (_, definition) => RequirementOf(definition), context.FunctionDefinition) is not { } required
            || context.GetHttpContext() is not { } http)
        {
            await next(context);
            return;
        }

        if (await credentials.RefuseAsync(http, required.Permission) is { } refusal)
        {
            // Executed by the worker's ASP.NET Core integration after this returns, as a function's own result would be.
            context.GetInvocationResult().Value = refusal;
            return;
        }

        await next(context);
    }

    /// <summary>The entry point is "Namespace.Type.Method" in the app's assembly (worker indexing writes it so).</summary>
    private static RequiresPartnerAttribute? RequirementOf(FunctionDefinition definition)
    {
        var split = definition.EntryPoint.LastIndexOf('.');
        var type = typeof(PartnerAuthenticationMiddleware).Assembly.GetType(definition.EntryPoint[..split]);
        var method = type?.GetMethod(definition.EntryPoint[(split + 1)..], BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static);
        return method?.GetCustomAttribute<RequiresPartnerAttribute>();
    }
}
