using System.Runtime.InteropServices;

namespace CspUpgrades.Bench;

internal static class Machine
{
    /// <summary>The 1, 5 and 15 minute load averages (Linux), e.g. "1.46 2.47 3.44".</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    public static MachineInfo Describe(string loadBefore) => new(
        RuntimeInformation.OSDescription,
        Environment.ProcessorCount,
        Cpu(),
        Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024), 1),
        RuntimeInformation.FrameworkDescription,
        loadBefore,
        LoadAverage());

    private static string Cpu() =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown"
            : RuntimeInformation.ProcessArchitecture.ToString();
}
