using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using CspUpgrades.Functions.Hosting;
using CspUpgrades.Functions.Tests.EndToEnd;
using CspUpgrades.Functions.Tests.Support;
using CspUpgrades.Testing.Azurite;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.DependencyInjection;

namespace CspUpgrades.Functions.Tests.Publishing;

/// <summary>
/// What deployment ships: the publish folder the Functions host runs (DESIGN §4). The executable and
/// host.json the host starts, one function.json per function from the code's manifest, and those files
/// agreeing with the endpoints the app really serves, so no function is declared that the app cannot
/// answer, and no endpoint is served that the host would never forward to.
/// </summary>
public sealed partial class PublishedAppTests(PublishedApp published, AzuriteFixture azurite)
    : IClassFixture<PublishedApp>, IClassFixture<AzuriteFixture>
{
    private const string ExecutableName = "CspUpgrades.Functions";

    [Fact]
    public void PublishesASelfContainedLinuxExecutableWithTheExecutableBit()
    {
        Assert.True(File.Exists(published.Executable), $"{published.Executable} is missing");
        if (!OperatingSystem.IsWindows())
        {
            // What the Functions host runs on Linux; Windows has no such bit (the suite runs on Linux, as Azure does).
            Assert.True((File.GetUnixFileMode(published.Executable) & UnixFileMode.UserExecute) != 0, "the executable is not executable");
        }

        // The Functions "custom" runtime image has no .NET: the runtime must travel with the app.
        Assert.True(File.Exists(Path.Combine(published.Directory, "libcoreclr.so")), "the .NET runtime is not in the publish folder");
        using var runtimeConfig = JsonDocument.Parse(File.ReadAllText(Path.Combine(published.Directory, ExecutableName + ".runtimeconfig.json")));
        Assert.True(runtimeConfig.RootElement.GetProperty("runtimeOptions").TryGetProperty("includedFrameworks", out _), "not published self-contained");
    }

    [Fact]
    public void ShipsHostJsonNamingTheExecutableAsTheCustomHandler()
    {
        var path = Path.Combine(published.Directory, "host.json");
        Assert.True(File.Exists(path), "host.json is missing");
        using var hostJson = JsonDocument.Parse(File.ReadAllText(path));
        var handler = hostJson.RootElement.GetProperty("customHandler");

        Assert.Equal(ExecutableName, handler.GetProperty("description").GetProperty("defaultExecutablePath").GetString());
        Assert.True(handler.GetProperty("enableForwardingHttpRequest").GetBoolean());
        Assert.Equal(File.ReadAllText(Path.Combine(PublishedApp.RepositoryRoot(), "host.json")), File.ReadAllText(path));
    }

    [Fact]
    public void WritesOneFunctionJsonPerFunctionOfTheManifestAndNothingElse()
    {
        var declared = System.IO.Directory.GetDirectories(published.Directory)
            .Where(folder => File.Exists(Path.Combine(folder, "function.json")))
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal);

        Assert.Equal(FunctionManifest.All.Select(function => function.Name).Order(StringComparer.Ordinal), declared);
        Assert.All(FunctionManifest.All, function =>
            Assert.Equal(FunctionJsonWriter.ToJson(function), File.ReadAllText(FunctionJson(function.Name))));
    }

    [Fact]
    public async Task EveryHttpFunctionJsonRouteAndMethodIsServedByTheApp()
    {
        var endpoints = await ServedEndpointsAsync();
        var httpFunctions = HttpFunctionsAsPublished();
        Assert.NotEmpty(httpFunctions);

        Assert.All(httpFunctions, function => Assert.True(
            endpoints.Any(endpoint => endpoint.Serves(function.Method, function.SamplePath)),
            $"{function.Name}: {function.Method} {function.SamplePath} matches no endpoint of the app"));
    }

    [Fact]
    public async Task EveryApiEndpointOfTheAppIsDeclaredInAFunctionJson()
    {
        var endpoints = (await ServedEndpointsAsync()).Where(endpoint => endpoint.Pattern.StartsWith("/" + RoutePrefix() + "/", StringComparison.Ordinal)).ToList();
        var httpFunctions = HttpFunctionsAsPublished();
        Assert.NotEmpty(endpoints);

        // The host forwards only what a function.json declares: any other /api endpoint would be unreachable in Azure.
        Assert.All(endpoints, endpoint => Assert.True(
            endpoint.Methods.Any(method => httpFunctions.Any(function => function.Method == method && endpoint.Serves(method, function.SamplePath))),
            $"{string.Join(",", endpoint.Methods)} {endpoint.Pattern} is declared by no function.json"));
    }

    [Fact]
    public async Task EveryQueueAndTimerFunctionIsServedAsPostToItsName()
    {
        var endpoints = await ServedEndpointsAsync();
        var invoked = System.IO.Directory.GetDirectories(published.Directory)
            .Select(Path.GetFileName)
            .Where(name => File.Exists(FunctionJson(name!)) && TriggerOf(name!).GetProperty("type").GetString() != "httpTrigger")
            .ToList();

        Assert.Equal(["AuditBlockedUpgrades", "ExecuteUpgrade", "FailPoisonedUpgrade", "SweepStuckOperations"], invoked.Order(StringComparer.Ordinal));
        Assert.All(invoked, name => Assert.Contains(endpoints, endpoint => endpoint.Pattern == "/" + name && endpoint.Methods.SequenceEqual(["POST"])));
    }

    [Fact]
    public async Task ThePublishedExecutableAnswersTheHostsReadinessProbeOnTheCustomHandlerPort()
    {
        var port = FreeLoopbackPort();
        var start = new ProcessStartInfo(published.Executable)
        {
            WorkingDirectory = published.Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment[HostingMode.CustomHandlerPortVariable] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment[FunctionManifest.StorageConnectionSetting] = azurite.ConnectionString;
        start.Environment["Storage__TableName"] = AzuriteFixture.UniqueName("published");

        using var handler = Process.Start(start) ?? throw new InvalidOperationException("The published executable did not start.");
        handler.OutputDataReceived += (_, _) => { };
        handler.ErrorDataReceived += (_, _) => { };
        handler.BeginOutputReadLine();
        handler.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

            // As the host does: poll GET / until the handler answers.
            var probe = await Eventually.ReturnsAsync(() => ProbeAsync(client, "/"), status => status == HttpStatusCode.OK || handler.HasExited, "GET / to answer");
            Assert.False(handler.HasExited, $"the executable exited with {(handler.HasExited ? handler.ExitCode : 0)}");
            Assert.Equal(HttpStatusCode.OK, probe);
            Assert.Equal(HttpStatusCode.OK, await ProbeAsync(client, "/api/health"));
        }
        finally
        {
            handler.Kill(entireProcessTree: true);
            await handler.WaitForExitAsync();
        }
    }

    private static async Task<HttpStatusCode?> ProbeAsync(HttpClient client, string path)
    {
        try
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null; // Not listening yet.
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private string FunctionJson(string name) => Path.Combine(published.Directory, name, "function.json");

    private JsonElement TriggerOf(string name)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(FunctionJson(name)));
        return json.RootElement.GetProperty("bindings").EnumerateArray()
            .Single(binding => binding.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal))
            .Clone();
    }

    private string RoutePrefix()
    {
        using var hostJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(published.Directory, "host.json")));
        return hostJson.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString()!;
    }

    /// <summary>Each HTTP function as its function.json declares it, with a concrete path the host would forward.</summary>
    private List<(string Name, string Method, string SamplePath)> HttpFunctionsAsPublished() =>
        System.IO.Directory.GetDirectories(published.Directory)
            .Select(folder => Path.GetFileName(folder)!)
            .Where(name => File.Exists(FunctionJson(name)) && TriggerOf(name).GetProperty("type").GetString() == "httpTrigger")
            .SelectMany(name =>
            {
                var trigger = TriggerOf(name);
                var path = "/" + RoutePrefix() + "/" + RouteParameter().Replace(trigger.GetProperty("route").GetString()!, "sample-value");
                return trigger.GetProperty("methods").EnumerateArray().Select(method => (name, method.GetString()!.ToUpperInvariant(), path));
            })
            .ToList();

    private async Task<IReadOnlyList<ServedEndpoint>> ServedEndpointsAsync()
    {
        await using var app = new CspUpgradesApp(azurite);
        return app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Select(endpoint => new ServedEndpoint(
                endpoint.RoutePattern.RawText is { } raw && raw.StartsWith('/') ? raw : "/" + endpoint.RoutePattern.RawText,
                endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [],
                new TemplateMatcher(new RouteTemplate(endpoint.RoutePattern), new RouteValueDictionary())))
            .ToList();
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();

    private sealed record ServedEndpoint(string Pattern, IReadOnlyList<string> Methods, TemplateMatcher Matcher)
    {
        public bool Serves(string method, string path) =>
            Methods.Contains(method) && Matcher.TryMatch(new PathString(path), new RouteValueDictionary());
    }
}
