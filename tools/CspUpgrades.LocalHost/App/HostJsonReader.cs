using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;

namespace CspUpgrades.LocalHost.App;

/// <summary>
/// Reads <c>host.json</c> as the Functions host does, with app settings <c>AzureFunctionsJobHost__…</c> overriding its
/// values: the route prefix, the queue semantics (<c>extensions.queues</c>) and the function timeout. A section or key
/// the local host cannot honour is an error naming the setting that set it, else host.json.
/// </summary>
internal static class HostJsonReader
{
    /// <summary>App settings named <c>AzureFunctionsJobHost__path__to__value</c> override host.json's <c>path.to.value</c>.</summary>
    private const string HostJsonOverridePrefix = "AzureFunctionsJobHost__";

    /// <summary>
    /// host.json top-level sections that change nothing the local host does (logging goes to the console as it is).
    /// <c>customHandler</c> only matters to the custom runtime: an app moving from a custom handler to the isolated worker
    /// carries both while it moves, and a dotnet-isolated host ignores it.
    /// </summary>
    private static readonly HashSet<string> IgnoredHostSections = new(StringComparer.OrdinalIgnoreCase)
    {
        "version", "logging", "extensionBundle", "healthMonitor", "watchDirectories", "watchFiles", "aggregator", "telemetryMode", "customHandler",
    };

    private static readonly HashSet<string> QueueKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "batchSize", "newBatchThreshold", "maxPollingInterval", "visibilityTimeout", "maxDequeueCount", "messageEncoding",
    };

    /// <summary>The host settings in <paramref name="path"/> with the overrides applied; null after adding errors.</summary>
    public static HostSettings? Read(string path, AppSettings settings, List<string> errors)
    {
        var routePrefix = "api";
        TimeSpan? functionTimeout = null;
        var batchSize = 16;
        int? newBatchThreshold = null;
        var maxPollingInterval = TimeSpan.FromMinutes(1);
        var visibilityTimeout = TimeSpan.Zero;
        var maxDequeueCount = 5;
        var encoding = QueueMessageEncoding.Base64;
        if (!File.Exists(path))
        {
            errors.Add($"{path} is missing: every Functions app has a host.json.");
            return null;
        }

        var before = errors.Count;
        var overrides = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        // Errors name what set a value: the overriding app setting (also for what it added below a section), else host.json.
        string? OverridingSetting(string jsonPath) => overrides
            .Where(o => o.Key.Equals(jsonPath, StringComparison.OrdinalIgnoreCase) || o.Key.StartsWith(jsonPath + ".", StringComparison.OrdinalIgnoreCase))
            .Select(o => "app setting " + o.Value)
            .FirstOrDefault();
        string Where(string jsonPath) => OverridingSetting(jsonPath) ?? path;
        string Key(string jsonPath) => OverridingSetting(jsonPath) ?? "host.json " + jsonPath;

        try
        {
            var root = (JsonNode.Parse(File.ReadAllText(path), new JsonNodeOptions { PropertyNameCaseInsensitive = true }, AppJson.Options)
                ?? throw new JsonException("host.json is null.")).AsObject();
            ApplyOverrides(root, settings, overrides, errors);
            using var document = JsonDocument.Parse(root.ToJsonString());
            foreach (var section in document.RootElement.EnumerateObject())
            {
                if (IgnoredHostSections.Contains(section.Name))
                {
                    continue;
                }

                if (string.Equals(section.Name, "functionTimeout", StringComparison.OrdinalIgnoreCase))
                {
                    functionTimeout = ParseTimeSpan(section.Value, Key("functionTimeout"), errors);
                    continue;
                }

                if (!string.Equals(section.Name, "extensions", StringComparison.OrdinalIgnoreCase))
                {
                    errors.Add($"{Where(section.Name)}: the section '{section.Name}' is not supported by the local host.");
                    continue;
                }

                foreach (var extension in section.Value.EnumerateObject())
                {
                    if (string.Equals(extension.Name, "http", StringComparison.OrdinalIgnoreCase))
                    {
                        foreach (var setting in extension.Value.EnumerateObject())
                        {
                            if (string.Equals(setting.Name, "routePrefix", StringComparison.OrdinalIgnoreCase))
                            {
                                routePrefix = (setting.Value.GetString() ?? string.Empty).Trim('/');
                            }
                            else
                            {
                                errors.Add($"{Where("extensions.http." + setting.Name)}: extensions.http.{setting.Name} is not supported by the local host (only routePrefix is).");
                            }
                        }
                    }
                    else if (string.Equals(extension.Name, "queues", StringComparison.OrdinalIgnoreCase))
                    {
                        foreach (var setting in extension.Value.EnumerateObject())
                        {
                            var key = Key("extensions.queues." + setting.Name);
                            switch (setting.Name.ToLowerInvariant())
                            {
                                case "batchsize":
                                    batchSize = ParseInt(setting.Value, key, 1, 32, errors) ?? batchSize;
                                    break;
                                case "newbatchthreshold":
                                    newBatchThreshold = ParseInt(setting.Value, key, 0, int.MaxValue, errors);
                                    break;
                                case "maxpollinginterval":
                                    maxPollingInterval = ParseTimeSpan(setting.Value, key, errors, millisecondsIfNumber: true) ?? maxPollingInterval;
                                    if (maxPollingInterval < QueueSettings.MinPollingInterval)
                                    {
                                        errors.Add($"{key} must be at least 00:00:00.100.");
                                    }

                                    break;
                                case "visibilitytimeout":
                                    visibilityTimeout = ParseTimeSpan(setting.Value, key, errors) ?? visibilityTimeout;
                                    break;
                                case "maxdequeuecount":
                                    maxDequeueCount = ParseInt(setting.Value, key, 1, int.MaxValue, errors) ?? maxDequeueCount;
                                    break;
                                case "messageencoding":
                                    var value = setting.Value.GetString();
                                    if (string.Equals(value, "base64", StringComparison.OrdinalIgnoreCase))
                                    {
                                        encoding = QueueMessageEncoding.Base64;
                                    }
                                    else if (string.Equals(value, "none", StringComparison.OrdinalIgnoreCase))
                                    {
                                        encoding = QueueMessageEncoding.None;
                                    }
                                    else
                                    {
                                        errors.Add($"{key} is '{value}': it is 'base64' or 'none'.");
                                    }

                                    break;
                                default:
                                    errors.Add($"{Where("extensions.queues." + setting.Name)}: extensions.queues.{setting.Name} is not supported by the local host (it supports {string.Join(", ", QueueKeys)}).");
                                    break;
                            }
                        }
                    }
                    else
                    {
                        errors.Add($"{Where("extensions." + extension.Name)}: extensions.{extension.Name} is not supported by the local host (only http and queues are).");
                    }
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            errors.Add($"{path} is not valid: {e.Message}");
        }

        if (errors.Count > before)
        {
            return null;
        }

        var queues = new QueueSettings(
            batchSize,
            newBatchThreshold ?? (batchSize / 2 * Environment.ProcessorCount),
            maxPollingInterval,
            visibilityTimeout,
            maxDequeueCount,
            encoding);
        return new HostSettings(routePrefix, queues, functionTimeout);
    }

    /// <summary>
    /// The real host reads host.json through .NET configuration, where an app setting
    /// <c>AzureFunctionsJobHost__path__to__value</c> (local.settings.json Values, the environment) replaces host.json's
    /// <c>path.to.value</c>, keys case-insensitive: a deployment tunes queues or timeouts without editing host.json.
    /// Records which setting overrode which path, so that errors name the setting.
    /// </summary>
    private static void ApplyOverrides(JsonObject root, AppSettings settings, Dictionary<string, string> overrides, List<string> errors)
    {
        foreach (var (name, value) in settings.WithPrefix(HostJsonOverridePrefix))
        {
            var segments = name[HostJsonOverridePrefix.Length..].Split("__");
            if (segments.Any(string.IsNullOrWhiteSpace))
            {
                errors.Add($"app setting {name} names no host.json value: it is {HostJsonOverridePrefix}section__setting.");
                continue;
            }

            var node = root;
            foreach (var segment in segments[..^1])
            {
                if (node[segment] is not JsonObject child)
                {
                    child = new JsonObject(root.Options);
                    node[segment] = child;
                }

                node = child;
            }

            node[segments[^1]] = value;
            overrides[string.Join('.', segments)] = name;
        }
    }

    private static int? ParseInt(JsonElement value, string key, int min, int max, List<string> errors)
    {
        // A string holding a number is accepted, as configuration binding does: app settings are always strings.
        var number = 0;
        var parsed = value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetInt32(out number),
            JsonValueKind.String => int.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out number),
            _ => false,
        };
        if (parsed && number >= min && number <= max)
        {
            return number;
        }

        errors.Add($"{key} must be a whole number from {min} to {max}.");
        return null;
    }

    private static TimeSpan? ParseTimeSpan(JsonElement value, string key, List<string> errors, bool millisecondsIfNumber = false)
    {
        if (millisecondsIfNumber && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var milliseconds) && milliseconds >= 0)
        {
            return TimeSpan.FromMilliseconds(milliseconds);
        }

        if (value.ValueKind == JsonValueKind.String
            && TimeSpan.TryParse(value.GetString(), CultureInfo.InvariantCulture, out var parsed)
            && parsed >= TimeSpan.Zero)
        {
            return parsed;
        }

        errors.Add($"{key} must be a time span (hh:mm:ss).");
        return null;
    }
}
