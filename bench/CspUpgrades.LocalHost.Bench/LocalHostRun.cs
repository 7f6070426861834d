using System.Text.Json;

namespace CspUpgrades.LocalHost.Bench;

/// <summary>One run of the local host benchmark, as written to bench/results/localhost-{timestamp}.json.</summary>
internal sealed record LocalHostRun(DateTimeOffset StartedAt, double WallSeconds, MachineInfo Machine, IReadOnlyList<ModeResult> Modes)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public async Task<string> SaveAsync(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"localhost-{StartedAt:yyyyMMdd-HHmmss}.json");
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(this, Json));
        return path;
    }
}
