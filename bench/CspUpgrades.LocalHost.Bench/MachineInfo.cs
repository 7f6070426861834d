using System.Diagnostics;
using System.Runtime.InteropServices;

namespace CspUpgrades.LocalHost.Bench;

/// <summary>Where the run took place: the numbers mean little without it.</summary>
internal sealed record MachineInfo(string Os, int Cores, string DotnetVersion, string LoadBefore, string LoadAfter)
{
    /// <summary>The 1, 5 and 15 minute load averages (Linux), e.g. "1.46 2.47 3.44".</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    public static async Task<MachineInfo> DescribeAsync(string loadBefore) =>
        new(RuntimeInformation.OSDescription, Environment.ProcessorCount, await DotnetVersionAsync(), loadBefore, LoadAverage());

    private static async Task<string> DotnetVersionAsync()
    {
        var start = new ProcessStartInfo("dotnet", "--version") { RedirectStandardOutput = true, UseShellExecute = false };
        using var dotnet = Process.Start(start) ?? throw new InvalidOperationException("Could not run `dotnet --version`.");
        var version = await dotnet.StandardOutput.ReadToEndAsync();
        await dotnet.WaitForExitAsync();
        return version.Trim();
    }
}
