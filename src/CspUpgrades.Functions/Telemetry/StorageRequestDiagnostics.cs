using CspUpgrades.Functions.Composition;
using CspUpgrades.Storage.Diagnostics;

namespace CspUpgrades.Functions.Telemetry;

/// <summary>
/// Off unless <c>Diagnostics__StorageRequestCounts=true</c> (the benchmark, bench/, turns it on): counts the storage
/// requests each function invocation makes, with the <see cref="StorageRequestCounter"/> every storage client carries,
/// and serves the totals at <c>GET /diagnostics/storage-requests</c>. Not a function: the Functions host never forwards
/// that path, so it exists only where the app runs on its own.
/// </summary>
public static class StorageRequestDiagnostics
{
    public const string Path = "/diagnostics/storage-requests";

    public static WebApplication UseStorageRequestDiagnostics(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!bool.TryParse(app.Configuration.Setting(AppSettings.StorageRequestDiagnostics), out var enabled) || !enabled)
        {
            return app;
        }

        var tally = new StorageRequestTally();
        app.Use(async (context, next) =>
        {
            // Counts only: an audit is one invocation of thousands of requests.
            using var scope = StorageRequestCounter.BeginScope(recordRequests: false);
            try
            {
                await next(context);
            }
            finally
            {
                if (context.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>() is { } name)
                {
                    tally.Add(name.EndpointName, scope);
                }
            }
        });
        app.MapGet(Path, () => Results.Ok(tally.Report())).ExcludeFromDescription();
        return app;
    }
}
