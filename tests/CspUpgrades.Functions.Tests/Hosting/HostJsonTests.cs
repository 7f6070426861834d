using System.Text.Json;
using CspUpgrades.Functions.Hosting;

namespace CspUpgrades.Functions.Tests.Hosting;

/// <summary>The host.json the app ships (copied next to the executable) is the one the Functions host needs.</summary>
public class HostJsonTests
{
    private static readonly string HostJsonPath = Path.Combine(AppContext.BaseDirectory, "host.json");

    [Fact]
    public void StartsTheExecutableAsACustomHandlerWithRequestForwarding()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(HostJsonPath));
        var handler = json.RootElement.GetProperty("customHandler");

        Assert.Equal(typeof(FunctionManifest).Assembly.GetName().Name,
            handler.GetProperty("description").GetProperty("defaultExecutablePath").GetString());
        Assert.True(handler.GetProperty("enableForwardingHttpRequest").GetBoolean());
        Assert.Equal("2.0", json.RootElement.GetProperty("version").GetString());
    }

    [Fact]
    public void UsesTheVersionFourExtensionBundleForQueueAndTimerTriggers()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(HostJsonPath));
        var bundle = json.RootElement.GetProperty("extensionBundle");

        Assert.Equal("Microsoft.Azure.Functions.ExtensionBundle", bundle.GetProperty("id").GetString());
        Assert.Equal("[4.*, 5.0.0)", bundle.GetProperty("version").GetString());
    }

    [Fact]
    public void RoutesHttpFunctionsUnderApi()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(HostJsonPath));
        Assert.Equal("api", json.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
        Assert.All(FunctionManifest.All.Select(f => f.Trigger).OfType<HttpTrigger>(),
            http => Assert.StartsWith("/api/", http.Path, StringComparison.Ordinal));
    }

    [Fact]
    public void TheLocalRunnerReadsTheSameQueueSettingsTheHostApplies()
    {
        var settings = QueueHostSettings.Load(HostJsonPath);

        Assert.Equal(16, settings.BatchSize);
        Assert.Equal(8, settings.NewBatchThreshold);
        Assert.Equal(5, settings.MaxDequeueCount);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.VisibilityTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.MaxPollingInterval);
    }

    [Fact]
    public void FallsBackToTheHostDefaultsWhenHostJsonHasNoQueueSection()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, """{"version":"2.0"}""");
            Assert.Equal(QueueHostSettings.Defaults, QueueHostSettings.Load(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
