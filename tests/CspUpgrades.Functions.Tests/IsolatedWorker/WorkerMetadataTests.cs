using System.Text.Json;
using CspUpgrades.Functions.Hosting;
using CspUpgrades.Functions.Tests.Support;

namespace CspUpgrades.Functions.Tests.IsolatedWorker;

/// <summary>
/// The worker's build output is what Azure and Core Tools load, and while both hostings exist it declares every function
/// exactly as the custom handler's <see cref="FunctionManifest"/> does: same names, triggers, routes, methods, queues and
/// schedules.
/// </summary>
public sealed class WorkerMetadataTests
{
    private static readonly JsonElement[] Functions =
        JsonDocument.Parse(File.ReadAllText(Path.Combine(WorkerApp.AppDirectory, "functions.metadata"))).RootElement.EnumerateArray().ToArray();

    private static readonly string[] MovedNames = FunctionManifest.All.Select(f => f.Name).ToArray();

    /// <summary>
    /// The worker's own: the custom handler's routing answers route misses itself, and serves the benchmark's storage
    /// request report at a path of its own (not a function there).
    /// </summary>
    private static readonly string[] WorkerOnly =
        [CspUpgrades.Functions.Http.AnswerUnmatchedRouteFunction.Name, CspUpgrades.Functions.Telemetry.GetStorageRequestReportFunction.Name];

    public static TheoryData<string> Moved => new(MovedNames);

    [Theory]
    [MemberData(nameof(Moved))]
    public void DeclaresTheFunctionAsTheManifestDoes(string name)
    {
        var expected = FunctionManifest.All.Single(f => f.Name == name);

        var function = Assert.Single(Functions, f => f.GetProperty("name").GetString() == name);

        Assert.Equal("CspUpgrades.Functions.dll", function.GetProperty("scriptFile").GetString());
        var trigger = Assert.Single(function.GetProperty("bindings").EnumerateArray(), b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));
        switch (expected.Trigger)
        {
            case HttpTrigger http:
                Assert.Equal("httpTrigger", trigger.GetProperty("type").GetString());
                Assert.Equal(http.Route, trigger.GetProperty("route").GetString());
                Assert.Equal([http.Method.ToLowerInvariant()], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
                Assert.Equal("Anonymous", trigger.GetProperty("authLevel").GetString());
                break;
            case QueueTrigger queue:
                Assert.Equal("queueTrigger", trigger.GetProperty("type").GetString());
                Assert.Equal(queue.QueueName, trigger.GetProperty("queueName").GetString());
                break;
            case TimerTrigger timer:
                Assert.Equal("timerTrigger", trigger.GetProperty("type").GetString());
                Assert.Equal($"%{timer.ScheduleSetting}%", trigger.GetProperty("schedule").GetString());
                break;
        }
    }

    [Fact]
    public void DeclaresNoFunctionTheManifestDoesNotKnow()
    {
        var names = Functions.Select(f => f.GetProperty("name").GetString()!).Order();

        Assert.Equal(MovedNames.Concat(WorkerOnly).Order(), names);
    }

    [Fact]
    public void CarriesWhatTheFunctionsHostLoadsBesideTheMetadata()
    {
        var worker = JsonDocument.Parse(File.ReadAllText(Path.Combine(WorkerApp.AppDirectory, "worker.config.json"))).RootElement.GetProperty("description");
        Assert.Equal("dotnet-isolated", worker.GetProperty("language").GetString());
        Assert.Equal("CspUpgrades.Functions.dll", worker.GetProperty("defaultWorkerPath").GetString());

        var extensions = JsonDocument.Parse(File.ReadAllText(Path.Combine(WorkerApp.AppDirectory, "extensions.json"))).RootElement.GetProperty("extensions");
        var queues = Assert.Single(extensions.EnumerateArray(), e => e.GetProperty("name").GetString() == "AzureStorageQueues");
        var hintPath = queues.GetProperty("hintPath").GetString()!;
        Assert.True(File.Exists(Path.Combine(WorkerApp.AppDirectory, hintPath)), $"{hintPath} is missing from the build output");
        Assert.True(File.Exists(Path.Combine(WorkerApp.AppDirectory, "host.json")));
    }
}
