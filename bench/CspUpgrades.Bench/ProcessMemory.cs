using System.Globalization;

namespace CspUpgrades.Bench;

/// <summary>Resident memory of another process, from Linux's /proc (the numbers <c>ps</c> and <c>top</c> show).</summary>
internal static class ProcessMemory
{
    /// <summary>Resident set size now, in MiB.</summary>
    public static double RssMiB(int pid) => StatusKiB(pid, "VmRSS:") / 1024.0;

    /// <summary>The largest resident set size since the process started or since <see cref="ResetPeak"/>, in MiB.</summary>
    public static double PeakRssMiB(int pid) => StatusKiB(pid, "VmHWM:") / 1024.0;

    /// <summary>Starts the peak over from the current size (Linux ≥ 4.0: writing 5 to clear_refs).</summary>
    public static void ResetPeak(int pid) => File.WriteAllText($"/proc/{pid}/clear_refs", "5");

    private static long StatusKiB(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"/proc/{pid}/status has no {field}");
    }
}
