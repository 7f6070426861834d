using System.IO.Compression;

namespace CspUpgrades.Bench.Tests;

public sealed class AppPackageTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "cspupgrades-package-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void UnpacksADeploymentPackageIntoAFreshFolderBesideIt()
    {
        var package = Package("host.json", "functions.metadata", "worker.config.json", "CspUpgrades.Functions.dll");
        var stale = Path.Combine(_root, "cspupgrades", "left-from-last-run.dll");
        Directory.CreateDirectory(Path.GetDirectoryName(stale)!);
        File.WriteAllText(stale, "old");

        var folder = AppPackage.Prepare(package);

        Assert.Equal(Path.Combine(_root, "cspupgrades"), folder);
        Assert.True(File.Exists(Path.Combine(folder, "functions.metadata")));
        Assert.False(File.Exists(stale));
    }

    [Fact]
    public void RunsAFolderAsItIs()
    {
        Package("host.json", "functions.metadata", "worker.config.json");

        Assert.Equal(Path.Combine(_root, "content"), AppPackage.Prepare(Path.Combine(_root, "content")));
    }

    [Fact]
    public void RefusesAPackageWithoutWhatTheHostReadsAtItsRoot()
    {
        var package = Package("host.json", "CspUpgrades.Functions.dll");

        var refused = Assert.Throws<ArgumentException>(() => AppPackage.Prepare(package));

        Assert.Contains("functions.metadata, worker.config.json", refused.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    /// <summary>A zip (and the folder it was made from, <c>content/</c>) holding empty files of these names at its root.</summary>
    private string Package(params string[] files)
    {
        var content = Path.Combine(_root, "content");
        Directory.CreateDirectory(content);
        foreach (var file in files)
        {
            File.WriteAllText(Path.Combine(content, file), "{}");
        }

        var package = Path.Combine(_root, "cspupgrades.zip");
        ZipFile.CreateFromDirectory(content, package);
        return package;
    }
}
