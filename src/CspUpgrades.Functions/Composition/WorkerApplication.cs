using CspUpgrades.Functions.Hosting;
using Microsoft.Azure.Functions.Worker.Builder;

namespace CspUpgrades.Functions.Composition;

/// <summary>
/// The app as a .NET isolated worker. <c>Program</c> runs it when a Functions host started the process (Azure, Core Tools,
/// the local host); tests build the same composition in their own process and add their overrides.
/// </summary>
public static class WorkerApplication
{
    public static FunctionsApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        builder.Services.AddUseCases(builder.Configuration);
        builder.Services.AddStorage(builder.Configuration);
        builder.Services.AddTelemetryExport();
        builder.Services.AddProblemDetails();
        return builder;
    }

    /// <summary>
    /// A Functions host passes the worker's id and its gRPC endpoint on the command line. Not <c>FUNCTIONS_WORKER_RUNTIME</c>:
    /// it leaks into shells and settings files, so it says nothing about who started this process.
    /// </summary>
    public static bool IsStartedByFunctionsHost(IReadOnlyList<string> args) =>
        args.Any(argument => argument is "--functions-worker-id" or "--functions-uri");
}
