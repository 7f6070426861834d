using Azure.Core;
using Azure.Identity;
using CspUpgrades.Functions.Settings;

namespace CspUpgrades.Functions.Telemetry;

/// <summary>
/// Where the app's traces and metrics go, from its settings: Application Insights when
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set (as in Azure, where <c>infra/</c> sets it), else the OTLP endpoint of
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, else nowhere.
/// </summary>
public abstract record TelemetryDestination
{
    public static TelemetryDestination From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration.Setting(AppSettings.ApplicationInsightsConnectionString) is { Length: > 0 } connectionString)
        {
            return new ApplicationInsights(connectionString, CredentialFor(configuration.Setting(AppSettings.ApplicationInsightsAuthentication)));
        }

        return string.IsNullOrWhiteSpace(configuration.Setting(AppSettings.OtlpEndpoint)) ? new None() : new Otlp();
    }

    /// <summary>
    /// The credential <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> asks for, read as the Functions host reads it:
    /// <c>Authorization=AAD</c> is Entra ID with the managed identity, user-assigned when <c>ClientId=…</c> names it.
    /// Null (the connection string's key) when it is unset; the component in Azure refuses that, as it should.
    /// </summary>
    public static TokenCredential? CredentialFor(string? authentication)
    {
        var parts = (authentication ?? string.Empty)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2, StringSplitOptions.TrimEntries))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.OrdinalIgnoreCase);
        if (!parts.TryGetValue("Authorization", out var authorization) || !string.Equals(authorization, "AAD", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return parts.TryGetValue("ClientId", out var clientId) && clientId.Length > 0
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
    }

    /// <summary>Nothing exported: no provider is built, and the app's instruments cost nothing.</summary>
    public sealed record None : TelemetryDestination;

    /// <summary>Azure Monitor's exporter, to the component of the connection string.</summary>
    public sealed record ApplicationInsights(string ConnectionString, TokenCredential? Credential) : TelemetryDestination;

    /// <summary>The OTLP exporter, which reads <c>OTEL_EXPORTER_OTLP_*</c> (endpoint, protocol, headers) itself.</summary>
    public sealed record Otlp : TelemetryDestination;
}
