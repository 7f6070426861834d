using CspUpgrades.Functions.Composition;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CspUpgrades.Functions.Telemetry;

/// <summary>
/// Exports the app's traces (its own source and ASP.NET Core's incoming requests) and metrics over OTLP, only
/// when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; the exporter reads that variable (and the other standard
/// <c>OTEL_*</c> ones) itself. Without it no provider is built, nothing is exported, and the instruments cost
/// nothing. The providers are disposed on shutdown, which flushes what is still buffered.
/// </summary>
public sealed class TelemetryExport(IConfiguration configuration) : IHostedService, IDisposable
{
    /// <summary>ASP.NET Core's source: one activity per incoming request (what the instrumentation package would listen to).</summary>
    public const string AspNetCoreSource = "Microsoft.AspNetCore";

    private const string ServiceName = "cspupgrades-functions";

    /// <summary>Whether the configuration asks for export: the OTLP endpoint is set.</summary>
    public bool IsEnabled { get; } = IsEnabledBy(configuration);

    public TracerProvider? Tracing { get; private set; }

    public MeterProvider? Metrics { get; private set; }

    public static bool IsEnabledBy(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrWhiteSpace(configuration.Setting(AppSettings.OtlpEndpoint));
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (IsEnabled)
        {
            var resource = ResourceBuilder.CreateDefault().AddService(ServiceName);
            Tracing = Sdk.CreateTracerProviderBuilder()
                .SetResourceBuilder(resource)
                .AddSource(CspUpgradesTelemetry.Name, AspNetCoreSource)
                .AddOtlpExporter()
                .Build();
            Metrics = Sdk.CreateMeterProviderBuilder()
                .SetResourceBuilder(resource)
                .AddMeter(CspUpgradesTelemetry.Name)
                .AddOtlpExporter()
                .Build();
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        Tracing?.Dispose();
        Tracing = null;
        Metrics?.Dispose();
        Metrics = null;
    }
}
