using CspUpgrades.Functions.Telemetry;

namespace CspUpgrades.Functions.Composition;

public static class TelemetryRegistration
{
    /// <summary>OTLP export of the <c>CspUpgrades</c> traces and metrics, on only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.</summary>
    public static IServiceCollection AddTelemetryExport(this IServiceCollection services)
    {
        services.AddSingleton<TelemetryExport>();
        services.AddHostedService(provider => provider.GetRequiredService<TelemetryExport>());
        return services;
    }
}
