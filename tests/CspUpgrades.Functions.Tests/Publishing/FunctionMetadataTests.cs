using System.Text.Json;
using CspUpgrades.Functions.Http;
using CspUpgrades.Functions.Tests.Support;

namespace CspUpgrades.Functions.Tests.Publishing;

/// <summary>
/// The build output is what Azure and Core Tools load: <c>functions.metadata</c> declares every function with its
/// bindings as <see cref="DeclaredFunction.All"/> lists them, beside <c>worker.config.json</c>, <c>extensions.json</c>
/// (with the queue extension the host loads) and <c>host.json</c>.
/// </summary>
public sealed class FunctionMetadataTests
{
    private static readonly JsonElement[] Functions =
        JsonDocument.Parse(File.ReadAllText(Path.Combine(WorkerApp.AppDirectory, "functions.metadata"))).RootElement.EnumerateArray().ToArray();

    public static TheoryData<string> Names => new(DeclaredFunction.All.Select(function => function.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void DeclaresTheFunctionWithItsTrigger(string name)
    {
        var expected = DeclaredFunction.All.Single(function => function.Name == name);

        var function = Assert.Single(Functions, f => f.GetProperty("name").GetString() == name);

        Assert.Equal("CspUpgrades.Functions.dll", function.GetProperty("scriptFile").GetString());
        Assert.Equal("dotnet-isolated", function.GetProperty("language").GetString());
        var trigger = Assert.Single(function.GetProperty("bindings").EnumerateArray(), b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));
        Assert.Equal(expected.Trigger, trigger.GetProperty("type").GetString());
        Assert.Equal(expected.Route, Text(trigger, "route"));
        Assert.Equal(expected.Queue, Text(trigger, "queueName"));
        Assert.Equal(expected.Schedule, Text(trigger, "schedule"));
        if (expected.Trigger == "httpTrigger")
        {
            Assert.Equal("Anonymous", trigger.GetProperty("authLevel").GetString());
            Assert.Equal(expected.Method is null ? [] : [expected.Method], trigger.TryGetProperty("methods", out var methods) ? methods.EnumerateArray().Select(m => m.GetString()) : []);
        }
    }

    [Fact]
    public void DeclaresNoOtherFunction() =>
        Assert.Equal(DeclaredFunction.All.Select(function => function.Name).Order(), Functions.Select(f => f.GetProperty("name").GetString()!).Order());

    [Fact]
    public void TheUnmatchedRouteAnswerKnowsEveryApiRouteAndMethod() =>
        Assert.Equal(
            DeclaredFunction.Api.Select(function => function.Request).Order(),
            ApiRoutes.All.Select(api => $"{api.Method} /api/{api.Route}").Order());

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

    private static string? Text(JsonElement binding, string property) =>
        binding.TryGetProperty(property, out var value) ? value.GetString() : null;
}
