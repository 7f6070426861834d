using CspUpgrades.Functions.Composition;
using CspUpgrades.Storage.Diagnostics;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;

namespace CspUpgrades.Functions.Telemetry;

/// <summary>
/// Off unless <c>Diagnostics__StorageRequestCounts=true</c> (the benchmark, bench/, turns it on): counts the storage
/// requests each function invocation makes, with the <see cref="StorageRequestCounter"/> every storage client carries, in
/// one <see cref="StorageRequestTally"/>, and serves the totals as a <see cref="StorageRequestReport"/>. On the worker the
/// <see cref="StorageRequestCountingMiddleware"/> counts and <see cref="GetStorageRequestReportFunction"/> serves
/// <c>GET /api/diagnostics/storage-requests</c> through the Functions host; the custom handler serves
/// <c>GET /diagnostics/storage-requests</c> itself (not a function: that path exists only where it runs on its own).
/// </summary>
public static class StorageRequestDiagnostics
{
    /// <summary>The worker function's route, under the host's route prefix (<c>api</c>).</summary>
    public const string Route = "diagnostics/storage-requests";

    /// <summary>Where the custom handler serves the report.</summary>
    public const string Path = "/" + Route;

    public static bool IsEnabled(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return bool.TryParse(configuration.Setting(AppSettings.StorageRequestDiagnostics), out var enabled) && enabled;
    }

    /// <summary>
    /// The worker's counting, outermost (register it first: it counts what the other middleware asks of storage too, the
    /// partner's key). Whether it counts is read once, at the first invocation, from the configuration complete by then
    /// (a test adds its settings to the builder after <see cref="WorkerApplication.CreateBuilder"/>); off, an invocation
    /// passes by it without a scope. The report's own invocations are not counted, as on the custom handler.
    /// </summary>
    public static FunctionsApplicationBuilder UseStorageRequestCounting(this FunctionsApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<StorageRequestTally>();
        var enabled = new Lazy<bool>(() => IsEnabled(builder.Configuration));
        builder.UseWhen<StorageRequestCountingMiddleware>(context =>
            enabled.Value && !string.Equals(context.FunctionDefinition.Name, GetStorageRequestReportFunction.Name, StringComparison.Ordinal));
        return builder;
    }

    /// <summary>The custom handler's counting and report, registered only when the setting is on.</summary>
    public static WebApplication UseStorageRequestDiagnostics(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!IsEnabled(app.Configuration))
        {
            return app;
        }

        var tally = new StorageRequestTally();
        app.Use((context, next) => tally.CountAsync(
            () => next(context), () => context.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName));
        app.MapGet(Path, () => Results.Ok(tally.Report())).ExcludeFromDescription();
        return app;
    }
}
