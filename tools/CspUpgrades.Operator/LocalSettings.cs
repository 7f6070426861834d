using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace CspUpgrades.Operator;

/// <summary>
/// Reads <c>local.settings.json</c> the way Core Tools does (its <c>Values</c> become settings, <c>__</c> meaning a
/// section), so the console finds the storage a local run uses. Environment variables still win over the file.
/// </summary>
internal static class LocalSettings
{
    public const string FileName = "local.settings.json";

    public static void AddLocalSettings(this ConfigurationManager configuration, string contentRoot)
    {
        var path = Path.Combine(contentRoot, FileName);
        if (!File.Exists(path))
        {
            return;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        if (!document.RootElement.TryGetProperty("Values", out var values))
        {
            return;
        }

        var settings = values.EnumerateObject()
            .Where(value => value.Value.ValueKind == JsonValueKind.String && value.Value.GetString()!.Length > 0)
            .ToDictionary(value => value.Name.Replace("__", ":", StringComparison.Ordinal), value => value.Value.GetString());

        // Lowest precedence: inserted before the environment and command line sources.
        configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = settings });
    }
}
