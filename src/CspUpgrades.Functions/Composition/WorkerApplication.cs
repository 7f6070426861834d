using System.Text;
using Azure.Storage.Queues;
using CspUpgrades.Functions.Http;
using CspUpgrades.Functions.Security;
using CspUpgrades.Functions.Telemetry;
using CspUpgrades.Functions.Upgrades;
using CspUpgrades.Storage.Composition;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;

namespace CspUpgrades.Functions.Composition;

/// <summary>
/// The app as a .NET isolated worker. <c>Program</c> runs it in the process a Functions host started (Azure, Core Tools,
/// the local host); tests build the same composition in their own process and add their overrides.
/// </summary>
public static class WorkerApplication
{
    public static FunctionsApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();

        // Cross-cutting concerns once, as worker middleware (the worker's ASP.NET Core pipeline takes none): for HTTP, the
        // request's trace, problem details for what escapes, then the partner's key. Queue and timer functions' exceptions
        // reach the host.
        builder.UseWhen<RequestActivityMiddleware>(IsHttpTriggered);
        builder.UseWhen<ProblemDetailsMiddleware>(IsHttpTriggered);
        builder.UseWhen<PartnerAuthenticationMiddleware>(IsHttpTriggered);

        // Kestrel refuses a non-ASCII header byte before any middleware runs, and the host then waits for an answer that
        // never comes. Read every byte as one char instead: the app's own checks refuse such values with a 400.
        builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.RequestHeaderEncodingSelector = _ => Encoding.Latin1);
        builder.Services.AddUseCases(builder.Configuration);
        builder.Services.AddStorage(builder.Configuration, UpgradeQueue.Name, UpgradeQueue.PoisonName);
        builder.Services.AddSingleton(provider => new UpgradeQueue(provider.GetRequiredService<QueueServiceClient>().GetQueueClient(UpgradeQueue.Name)));
        builder.Services.AddTelemetryExport(builder.Configuration);
        builder.Services.AddSingleton<IProblemDetailsWriter, ProblemJsonWriter>();
        builder.Services.AddProblemDetails();
        return builder;
    }

    private static bool IsHttpTriggered(FunctionContext context) =>
        context.FunctionDefinition.InputBindings.Values.Any(binding => string.Equals(binding.Type, "httpTrigger", StringComparison.OrdinalIgnoreCase));
}
