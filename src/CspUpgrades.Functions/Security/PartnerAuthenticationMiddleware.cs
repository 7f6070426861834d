using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace CspUpgrades.Functions.Security;

/// <summary>
/// The worker's partner authentication, once for every <see cref="RequiresPartnerAttribute"/> function: a request without
/// a valid key gets the 401 problem and the function does not run.
/// </summary>
public sealed class PartnerAuthenticationMiddleware(PartnerAuthenticator authenticator) : IFunctionsWorkerMiddleware
{
    private static readonly ConcurrentDictionary<string, bool> RequiresPartner = new(StringComparer.Ordinal);

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (!RequiresPartner.GetOrAdd(context.FunctionId, static (_, definition) => IsMarked(definition), context.FunctionDefinition)
            || context.GetHttpContext() is not { } http)
        {
            await next(context);
            return;
        }

        var partner = await authenticator.AuthenticateAsync(http.Request.Headers[PartnerAuthentication.HeaderName].ToString(), http.RequestAborted);
        if (partner is null)
        {
            // Executed by the worker's ASP.NET Core integration after this returns, as a function's own result would be.
            context.GetInvocationResult().Value = PartnerAuthentication.Challenge(http);
            return;
        }

        PartnerAuthentication.SetPartner(http, partner.Value);
        await next(context);
    }

    /// <summary>The entry point is "Namespace.Type.Method" in the app's assembly (worker indexing writes it so).</summary>
    private static bool IsMarked(FunctionDefinition definition)
    {
        var split = definition.EntryPoint.LastIndexOf('.');
        var type = typeof(PartnerAuthenticationMiddleware).Assembly.GetType(definition.EntryPoint[..split]);
        var method = type?.GetMethod(definition.EntryPoint[(split + 1)..], BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static);
        return method?.GetCustomAttribute<RequiresPartnerAttribute>() is not null;
    }
}
