using System.Text.Json;
using CspUpgrades.Functions.Hosting;

namespace CspUpgrades.Functions.Tests.Hosting;

public class FunctionJsonWriterTests
{
    [Fact]
    public void AnHttpFunctionHasExactlyOneHttpTriggerAndOneHttpOutputSoTheHostForwardsTheRequest()
    {
        using var json = JsonDocument.Parse(FunctionJsonWriter.ToJson(FunctionManifest.CheckUpgradeEligibility));
        var bindings = json.RootElement.GetProperty("bindings").EnumerateArray().ToList();

        Assert.Equal(2, bindings.Count);
        Assert.Equal("httpTrigger", bindings[0].GetProperty("type").GetString());
        Assert.Equal("customers/{customerId}/subscriptions/{subscriptionId}/upgrades", bindings[0].GetProperty("route").GetString());
        Assert.Equal(["get"], bindings[0].GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal("anonymous", bindings[0].GetProperty("authLevel").GetString());
        Assert.Equal("http", bindings[1].GetProperty("type").GetString());
        Assert.Equal("out", bindings[1].GetProperty("direction").GetString());
    }

    [Fact]
    public void AQueueFunctionNamesItsQueueAndConnectionSetting()
    {
        using var json = JsonDocument.Parse(FunctionJsonWriter.ToJson(FunctionManifest.ExecuteUpgrade));
        var binding = Assert.Single(json.RootElement.GetProperty("bindings").EnumerateArray());

        Assert.Equal("queueTrigger", binding.GetProperty("type").GetString());
        Assert.Equal("upgrade-requests", binding.GetProperty("queueName").GetString());
        Assert.Equal("AzureWebJobsStorage", binding.GetProperty("connection").GetString());
        Assert.Equal(InvocationRequest.QueueMessageBinding, binding.GetProperty("name").GetString());
    }

    [Fact]
    public void ATimerFunctionReadsItsScheduleFromAnAppSetting()
    {
        using var json = JsonDocument.Parse(FunctionJsonWriter.ToJson(FunctionManifest.AuditBlockedUpgrades));
        var binding = Assert.Single(json.RootElement.GetProperty("bindings").EnumerateArray());

        Assert.Equal("timerTrigger", binding.GetProperty("type").GetString());
        Assert.Equal("%AuditSchedule%", binding.GetProperty("schedule").GetString());
    }

    [Fact]
    public void WritesOneFolderPerFunction()
    {
        var directory = Directory.CreateTempSubdirectory("function-json-");
        try
        {
            FunctionJsonWriter.WriteAll(directory.FullName, FunctionManifest.All);

            var written = directory.GetDirectories().Select(d => d.Name).Order();
            Assert.Equal(FunctionManifest.All.Select(f => f.Name).Order(), written);
            Assert.All(directory.GetDirectories(), d => Assert.True(File.Exists(Path.Combine(d.FullName, "function.json"))));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void FunctionNamesAreUnique() =>
        Assert.Equal(FunctionManifest.All.Count, FunctionManifest.All.Select(f => f.Name).Distinct().Count());
}
