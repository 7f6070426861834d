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
public sealed class PartnerAuthenticationMiddleware(PartnerAuthenticator authenticator) : IFunctionsWorkerMiddleware
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

        var caller = await authenticator.AuthenticateAsync(http.Request.Headers[PartnerAuthentication.HeaderName].ToString(), http.RequestAborted);
        if (caller is null)
        {
            // Executed by the worker's ASP.NET Core integration after this returns, as a function's own result would be.
            context.GetInvocationResult().Value = PartnerAuthentication.Challenge(http);
            return;
        }

        if (!caller.Grants(required.Permission))
        {
            context.GetInvocationResult().Value = PartnerAuthentication.Forbidden(required.Permission);
            return;
        }

        PartnerAuthentication.SetPartner(http, caller.Partner);
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
