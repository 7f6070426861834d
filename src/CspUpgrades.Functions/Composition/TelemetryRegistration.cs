using Azure.Monitor.OpenTelemetry.Exporter;
using CspUpgrades.Functions.Telemetry;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CspUpgrades.Functions.Composition;

public static class TelemetryRegistration
{
    public const string ServiceName = "cspupgrades-functions";

    /// <summary>
    /// OpenTelemetry the isolated-worker way, when the settings name a <see cref="TelemetryDestination"/>: the worker's
    /// defaults (the Functions resource, the worker's invocation activities, and the capability that tells the host the
    /// worker sends its own telemetry), the app's <c>CspUpgrades</c> source and meter, ASP.NET Core's requests (the HTTP
    /// functions, each continuing its caller's trace) and outgoing HTTP (storage calls); exported to Application Insights
    /// or OTLP. With no destination nothing is registered.
    /// </summary>
    public static IServiceCollection AddTelemetryExport(this IServiceCollection services, IConfiguration configuration)
    {
        var destination = TelemetryDestination.From(configuration);
        if (destination is TelemetryDestination.None)
        {
            return services;
        }

        var telemetry = services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithTracing(tracing => tracing
                .AddSource(CspUpgradesTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter(CspUpgradesTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation());
        if (destination is TelemetryDestination.ApplicationInsights insights)
        {
            telemetry.UseAzureMonitorExporter(exporter =>
            {
                exporter.ConnectionString = insights.ConnectionString;
                exporter.Credential = insights.Credential;
            });
        }
        else
        {
            telemetry.UseOtlpExporter();
        }

        return services;
    }
}
