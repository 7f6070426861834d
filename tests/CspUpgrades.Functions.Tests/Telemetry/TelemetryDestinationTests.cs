using Azure.Identity;
using CspUpgrades.Functions.Composition;
using CspUpgrades.Functions.Settings;
using CspUpgrades.Functions.Telemetry;
using Microsoft.Extensions.Configuration;

namespace CspUpgrades.Functions.Tests.Telemetry;

/// <summary>Which exporter the settings choose, and the credential the Application Insights authentication string asks for.</summary>
public sealed class TelemetryDestinationTests
{
    private const string ConnectionString = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://example.in.applicationinsights.azure.com/";

    [Theory]
    [InlineData(null, null, typeof(TelemetryDestination.None))]
    [InlineData("", " ", typeof(TelemetryDestination.None))]
    [InlineData(null, "http://otel-collector:4317", typeof(TelemetryDestination.Otlp))]
    [InlineData(ConnectionString, null, typeof(TelemetryDestination.ApplicationInsights))]
    [InlineData(ConnectionString, "http://otel-collector:4317", typeof(TelemetryDestination.ApplicationInsights))]
    public void ApplicationInsightsWinsThenOtlpElseNothing(string? connectionString, string? otlpEndpoint, Type expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(
        [
            KeyValuePair.Create(AppSettings.ApplicationInsightsConnectionString, connectionString),
            KeyValuePair.Create(AppSettings.OtlpEndpoint, otlpEndpoint),
        ]).Build();

        Assert.IsType(expected, TelemetryDestination.From(configuration));
    }

    [Theory]
    [InlineData("ClientId=11111111-2222-3333-4444-555555555555;Authorization=AAD")]
    [InlineData(" authorization = aad ; clientid = 11111111-2222-3333-4444-555555555555 ")]
    [InlineData("Authorization=AAD")]
    public void EntraIdAuthenticationUsesTheManagedIdentity(string authentication) =>
        Assert.IsType<ManagedIdentityCredential>(TelemetryDestination.CredentialFor(authentication));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ClientId=11111111-2222-3333-4444-555555555555")]
    [InlineData("Authorization=Key")]
    public void AnythingElseMeansNoCredential(string? authentication) =>
        Assert.Null(TelemetryDestination.CredentialFor(authentication));

    [Fact]
    public void ARegisteredDestinationBuildsTheOpenTelemetryProvidersAndNoneBuildsNothing()
    {
        var none = new Microsoft.Extensions.DependencyInjection.ServiceCollection().AddTelemetryExport(new ConfigurationBuilder().Build());
        var otlp = new Microsoft.Extensions.DependencyInjection.ServiceCollection().AddTelemetryExport(new ConfigurationBuilder()
            .AddInMemoryCollection([KeyValuePair.Create(AppSettings.OtlpEndpoint, (string?)"http://otel-collector:4317")]).Build());

        Assert.Empty(none);
        Assert.NotEmpty(otlp);
    }
}
