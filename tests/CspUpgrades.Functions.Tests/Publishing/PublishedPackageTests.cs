using System.IO.Compression;
using System.Net;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using CspUpgrades.Functions.Tests.Support;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Functions.Tests.Publishing;

/// <summary>
/// What deployment ships (<c>scripts/publish.sh</c>, DESIGN §4): one zip with the isolated worker's publish output at its
/// root, framework-dependent on .NET 10 (Flex Consumption's <c>dotnet-isolated</c> 10.0 brings the runtime), the
/// repository's host.json, the function metadata the build declares and the host's extensions; and that package runs.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class PublishedPackageTests(PublishedApp published, AzuriteFixture azurite) : IClassFixture<PublishedApp>
{
    [Fact]
    public void HoldsWhatTheHostLoadsAtTheRootOfTheZip()
    {
        using var package = ZipFile.OpenRead(published.Package);
        var entries = package.Entries.Select(entry => entry.FullName.Replace('\\', '/')).ToHashSet(StringComparer.Ordinal);

        Assert.All(
            new[] { "host.json", "functions.metadata", "worker.config.json", "extensions.json", "CspUpgrades.Functions.dll", "CspUpgrades.Functions.deps.json" },
            file => Assert.Contains(file, entries));
        using var extensions = JsonDocument.Parse(Read(package, "extensions.json"));
        var hintPaths = extensions.RootElement.GetProperty("extensions").EnumerateArray()
            .Select(extension => extension.GetProperty("hintPath").GetString()!)
            .Select(hintPath => hintPath.StartsWith("./", StringComparison.Ordinal) ? hintPath[2..] : hintPath)
            .ToList();
        Assert.Contains(".azurefunctions/Microsoft.Azure.WebJobs.Extensions.Storage.Queues.dll", hintPaths);
        Assert.All(hintPaths, path => Assert.Contains(path, entries));
        Assert.DoesNotContain(entries, entry => entry.EndsWith("local.settings.json", StringComparison.Ordinal));
    }

    [Fact]
    public void IsFrameworkDependentOnDotNet10AndCompiledAhead()
    {
        using var package = ZipFile.OpenRead(published.Package);
        using var runtimeConfig = JsonDocument.Parse(Read(package, "CspUpgrades.Functions.runtimeconfig.json"));
        var options = runtimeConfig.RootElement.GetProperty("runtimeOptions");

        Assert.False(options.TryGetProperty("includedFrameworks", out _), "published self-contained: the runtime image brings .NET");
        Assert.Equal("net10.0", options.GetProperty("tfm").GetString());
        var frameworks = options.GetProperty("frameworks").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("version").GetString()!);
        Assert.StartsWith("10.0.", frameworks["Microsoft.NETCore.App"], StringComparison.Ordinal);
        Assert.StartsWith("10.0.", frameworks["Microsoft.AspNetCore.App"], StringComparison.Ordinal);

        // ReadyToRun (a cold start JITs less): the app's assembly carries native code beside its IL.
        using var app = new MemoryStream();
        using (var entry = package.GetEntry("CspUpgrades.Functions.dll")!.Open())
        {
            entry.CopyTo(app);
        }

        app.Position = 0;
        using var image = new PEReader(app);
        Assert.True(image.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0, "CspUpgrades.Functions.dll is not ReadyToRun");

        using var worker = JsonDocument.Parse(Read(package, "worker.config.json"));
        Assert.Equal("dotnet-isolated", worker.RootElement.GetProperty("description").GetProperty("language").GetString());
        Assert.Equal("CspUpgrades.Functions.dll", worker.RootElement.GetProperty("description").GetProperty("defaultWorkerPath").GetString());
    }

    [Fact]
    public void ShipsTheRepositorysHostJsonForTheIsolatedWorker()
    {
        using var package = ZipFile.OpenRead(published.Package);
        var shipped = Read(package, "host.json");
        using var hostJson = JsonDocument.Parse(shipped);
        var root = hostJson.RootElement;

        Assert.Equal(File.ReadAllText(Path.Combine(PublishedApp.RepositoryRoot(), "host.json")), shipped);
        Assert.Equal("2.0", root.GetProperty("version").GetString());

        // The isolated worker brings its own extensions (extensions.json); a bundle or a custom handler would be another app.
        Assert.False(root.TryGetProperty("customHandler", out _), "host.json still starts a custom handler");
        Assert.False(root.TryGetProperty("extensionBundle", out _), "an isolated worker app takes no extension bundle");
        var extensions = root.GetProperty("extensions");
        Assert.Equal("api", extensions.GetProperty("http").GetProperty("routePrefix").GetString());
        var queues = extensions.GetProperty("queues");
        Assert.Equal(16, queues.GetProperty("batchSize").GetInt32());
        Assert.Equal(8, queues.GetProperty("newBatchThreshold").GetInt32());
        Assert.Equal(5, queues.GetProperty("maxDequeueCount").GetInt32());
        Assert.Equal("00:00:30", queues.GetProperty("visibilityTimeout").GetString());
        Assert.Equal("00:00:05", queues.GetProperty("maxPollingInterval").GetString());
    }

    [Fact]
    public void DeclaresTheFunctionsTheBuildDeclares()
    {
        using var package = ZipFile.OpenRead(published.Package);

        Assert.Equal(File.ReadAllText(Path.Combine(WorkerApp.AppDirectory, "functions.metadata")), Read(package, "functions.metadata"));
    }

    [Fact]
    public async Task ThePackageUnzippedRunsUnderTheFunctionsHost()
    {
        var folder = Path.Combine(Path.GetTempPath(), "cspupgrades-package-" + Guid.NewGuid().ToString("N"));
        ZipFile.ExtractToDirectory(published.Package, folder);
        try
        {
            await using var host = await WorkerApp.StartWorkerProcessAsync(azurite, AzuriteFixture.UniqueName("package"), appDirectory: folder);
            await host.WaitForWorkerAsync();
            Assert.NotNull(host.WorkerProcessId);
            using var client = new HttpClient { BaseAddress = host.BaseAddress };

            using var health = await client.GetAsync(new Uri("api/health", UriKind.Relative));
            using var withoutKey = await client.GetAsync(new Uri("api/customers/contoso/subscriptions/contoso-essentials/upgrades", UriKind.Relative));

            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, withoutKey.StatusCode);
            Assert.Equal("application/problem+json", withoutKey.Content.Headers.ContentType?.MediaType);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Read(ZipArchive package, string name)
    {
        var entry = package.GetEntry(name) ?? throw new Xunit.Sdk.XunitException($"{name} is not at the root of the package");
        using var reader = new StreamReader(entry.Open());
        return reader.ReadToEnd();
    }
}
