using System.IO.Compression;

namespace CspUpgrades.Bench;

/// <summary>
/// The app as the benchmark runs it: a folder the Functions host loads, or the deployment package
/// (<c>scripts/publish.sh</c>'s <c>cspupgrades.zip</c>), unpacked into a fresh folder beside it, as Flex Consumption
/// mounts it: contents at the root.
/// </summary>
internal static class AppPackage
{
    /// <summary>What the host reads from the app's root before it starts the worker.</summary>
    private static readonly string[] RootFiles = ["host.json", "functions.metadata", "worker.config.json"];

    /// <returns>The folder to run: <paramref name="app"/> itself, or where its zip was unpacked.</returns>
    public static string Prepare(string app)
    {
        var directory = app;
        if (File.Exists(app) && app.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            directory = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(app))!, Path.GetFileNameWithoutExtension(app));
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }

            ZipFile.ExtractToDirectory(app, directory);
        }

        var missing = RootFiles.Where(file => !File.Exists(Path.Combine(directory, file))).ToList();
        return missing.Count == 0
            ? directory
            : throw new ArgumentException($"{app} is not a Functions app (its root has no {string.Join(", ", missing)}): pass its build output, publish output or cspupgrades.zip.");
    }
}
