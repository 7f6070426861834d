namespace CspUpgrades.Functions.Hosting;

/// <summary>Maps functions from the <see cref="FunctionManifest"/> so routes are declared once.</summary>
public static class FunctionEndpoints
{
    /// <summary>An HTTP function, served at the original path the host forwards (<c>/api/...</c>).</summary>
    public static RouteHandlerBuilder MapHttpFunction(this IEndpointRouteBuilder app, FunctionDefinition function, Delegate handler)
    {
        if (function.Trigger is not HttpTrigger http)
        {
            throw new ArgumentException($"{function.Name} is not an HTTP function.", nameof(function));
        }

        return app.MapMethods(http.Path, [http.Method], handler).WithName(function.Name);
    }

    /// <summary>A queue or timer function, invoked by the host (or the local runner) as <c>POST /{FunctionName}</c>.</summary>
    public static RouteHandlerBuilder MapInvokedFunction(
        this IEndpointRouteBuilder app,
        FunctionDefinition function,
        Func<InvocationRequest, IServiceProvider, CancellationToken, Task<InvocationResponse>> handler)
    {
        if (function.Trigger is HttpTrigger)
        {
            throw new ArgumentException($"{function.Name} is an HTTP function.", nameof(function));
        }

        return app.MapPost("/" + function.Name,
                (InvocationRequest request, HttpContext context) =>
                    handler(request, context.RequestServices, context.RequestAborted))
            .WithName(function.Name)
            .ExcludeFromDescription();
    }
}
