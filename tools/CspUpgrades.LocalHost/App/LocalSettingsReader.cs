using System.Text.Json;

namespace CspUpgrades.LocalHost.App;

/// <summary>
/// Reads <c>local.settings.json</c> as Core Tools does: its <c>Values</c> (the worker's environment, and what <c>%Setting%</c>
/// and connections resolve against) and <c>Host.LocalHttpPort</c>; anything else it holds is refused.
/// </summary>
internal static class LocalSettingsReader
{
    /// <summary>The Values (and <c>Host:LocalHttpPort</c>); a missing file is empty unless <paramref name="required"/>.</summary>
    public static Dictionary<string, string> Read(string path, bool required, List<string> errors)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (!File.Exists(path))
        {
            if (required)
            {
                errors.Add($"{path} does not exist.");
            }

            return values;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path), AppJson.Options);
            foreach (var section in document.RootElement.EnumerateObject())
            {
                switch (section.Name.ToLowerInvariant())
                {
                    case "isencrypted":
                        if (section.Value.ValueKind == JsonValueKind.True)
                        {
                            errors.Add($"{path}: IsEncrypted is true; the local host reads plain Values only (decrypt them with your usual tooling first).");
                        }

                        break;
                    case "values":
                        foreach (var value in section.Value.EnumerateObject())
                        {
                            values[value.Name] = value.Value.ValueKind == JsonValueKind.String ? value.Value.GetString() ?? string.Empty : value.Value.GetRawText();
                        }

                        break;
                    case "host":
                        foreach (var hostSetting in section.Value.EnumerateObject().Where(h => !string.Equals(h.Name, "LocalHttpPort", StringComparison.OrdinalIgnoreCase)))
                        {
                            errors.Add($"{path}: Host.{hostSetting.Name} is not supported by the local host (only Host.LocalHttpPort is).");
                        }

                        if (section.Value.TryGetProperty("LocalHttpPort", out var port))
                        {
                            values["Host:LocalHttpPort"] = port.GetRawText().Trim('"');
                        }

                        break;
                    case "connectionstrings":
                        if (section.Value.EnumerateObject().Any())
                        {
                            errors.Add($"{path}: ConnectionStrings is not supported by the local host; put trigger connections in Values.");
                        }

                        break;
                    default:
                        errors.Add($"{path}: the section '{section.Name}' is not supported by the local host.");
                        break;
                }
            }
        }
        catch (JsonException e)
        {
            errors.Add($"{path} is not valid JSON: {e.Message}");
        }

        return values;
    }
}
