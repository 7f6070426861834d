using CspUpgrades.Functions.Settings;
using CspUpgrades.Storage.Diagnostics;
using Microsoft.Azure.Functions.Worker.Builder;

namespace CspUpgrades.Functions.Telemetry;

/// <summary>
/// Off unless <c>Diagnostics__StorageRequestCounts=true</c> (the benchmark, bench/, turns it on): counts the storage
/// requests each function invocation makes, with the <see cref="StorageRequestCounter"/> every storage client carries, in
/// one <see cref="StorageRequestTally"/>, and serves the totals as a <see cref="StorageRequestReport"/>: the
/// <see cref="StorageRequestCountingMiddleware"/> counts and <see cref="GetStorageRequestReportFunction"/> serves
/// <c>GET /api/diagnostics/storage-requests</c>.
/// </summary>
public static class StorageRequestDiagnostics
{
    /// <summary>The report function's route, under the host's route prefix (<c>api</c>).</summary>
    public const string Route = "diagnostics/storage-requests";

    public static bool IsEnabled(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return bool.TryParse(configuration.Setting(AppSettings.StorageRequestDiagnostics), out var enabled) && enabled;
    }

    /// <summary>
    /// The worker's counting, outermost (register it first: it counts what the other middleware asks of storage too, the
    /// partner's key), when the setting is on — a worker has its settings from its first line, as environment variables.
    /// Off, invocations do not meet it. The report's own invocations are not counted.
    /// </summary>
    public static FunctionsApplicationBuilder UseStorageRequestCounting(this FunctionsApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<StorageRequestTally>();
        if (IsEnabled(builder.Configuration))
        {
            builder.UseWhen<StorageRequestCountingMiddleware>(context =>
                !string.Equals(context.FunctionDefinition.Name, GetStorageRequestReportFunction.Name, StringComparison.Ordinal));
        }

        return builder;
    }
}
