using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;

namespace CspUpgrades.LocalHost.App;

/// <summary>
/// Loads an isolated worker app from its build output the way the Functions host does: <c>worker.config.json</c>
/// (how to start the worker), <c>host.json</c> (route prefix, queue semantics, function timeout),
/// <c>functions.metadata</c> (functions and bindings) and <c>local.settings.json</c> (Values, which become the worker's
/// environment). Everything the local host could not honour is collected into one <see cref="FunctionAppLoadException"/>.
/// </summary>
internal static class FunctionAppLoader
{
    public const string DefaultConnectionName = "AzureWebJobsStorage";

    /// <summary>App settings named <c>AzureFunctionsJobHost__path__to__value</c> override host.json's <c>path.to.value</c>.</summary>
    private const string HostJsonOverridePrefix = "AzureFunctionsJobHost__";

    private static readonly JsonDocumentOptions JsonOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

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

    private static readonly HashSet<string> CommonBindingKeys = new(StringComparer.OrdinalIgnoreCase) { "name", "type", "direction", "dataType", "properties" };

    private static readonly Dictionary<string, HashSet<string>> TriggerKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        ["httpTrigger"] = new(StringComparer.OrdinalIgnoreCase) { "authLevel", "methods", "route" },
        ["queueTrigger"] = new(StringComparer.OrdinalIgnoreCase) { "queueName", "connection" },
        ["timerTrigger"] = new(StringComparer.OrdinalIgnoreCase) { "schedule", "runOnStartup", "useMonitor" },
    };

    /// <summary>Binding <c>properties</c> the generator writes that need nothing from the host.</summary>
    private static readonly HashSet<string> HarmlessBindingProperties = new(StringComparer.OrdinalIgnoreCase) { "IsCodeless" };

    public static FunctionApp Load(string appDirectory, string? settingsFile = null, IReadOnlyDictionary<string, string>? settingOverrides = null)
    {
        var errors = new List<string>();
        var directory = Path.GetFullPath(appDirectory);
        if (!Directory.Exists(directory))
        {
            throw new FunctionAppLoadException([$"The app folder {directory} does not exist. Point the local host at the app's build output (the folder with functions.metadata)."]);
        }

        var values = LoadLocalSettings(settingsFile ?? Path.Combine(directory, "local.settings.json"), settingsFile is not null, errors);
        foreach (var (key, value) in settingOverrides ?? new Dictionary<string, string>())
        {
            values[key] = value;
        }

        var settings = new AppSettings(values, AppSettings.ProcessEnvironment());
        var runtime = settings.Get("FUNCTIONS_WORKER_RUNTIME");
        if (runtime is not null && !string.Equals(runtime, "dotnet-isolated", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"FUNCTIONS_WORKER_RUNTIME is '{runtime}': the local host runs .NET isolated worker apps only ('dotnet-isolated').");
        }

        var worker = LoadWorkerConfig(Path.Combine(directory, "worker.config.json"), errors);
        var host = LoadHostJson(Path.Combine(directory, "host.json"), settings, errors);
        var functions = new List<FunctionDefinition>();
        var metadataPath = Path.Combine(directory, "functions.metadata");
        if (!File.Exists(metadataPath))
        {
            errors.Add($"{metadataPath} is missing: is this the build output of an isolated worker app (Microsoft.Azure.Functions.Worker.Sdk)?");
        }
        else
        {
            try
            {
                using var document = JsonDocument.Parse(File.ReadAllText(metadataPath), JsonOptions);
                foreach (var function in document.RootElement.EnumerateArray())
                {
                    var name = StringProperty(function, "name") ?? "(unnamed)";
                    var bindings = function.TryGetProperty("bindings", out var b) && b.ValueKind == JsonValueKind.Array
                        ? b.EnumerateArray().Select(e => e.GetRawText()).ToList()
                        : [];
                    var definition = ParseFunction(
                        name, StringProperty(function, "entryPoint") ?? string.Empty, StringProperty(function, "scriptFile") ?? string.Empty, bindings, settings, errors);
                    if (definition is not null)
                    {
                        functions.Add(definition);
                    }
                }
            }
            catch (JsonException e)
            {
                errors.Add($"{metadataPath} is not valid JSON: {e.Message}");
            }
        }

        foreach (var duplicate in functions.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            errors.Add($"Function '{duplicate.Key}' is defined {duplicate.Count()} times in functions.metadata.");
        }

        if (errors.Count > 0 || worker is null || host is null)
        {
            throw new FunctionAppLoadException(errors);
        }

        return new FunctionApp(directory, worker, host, settings, functions);
    }

    /// <summary>
    /// Reads one function's bindings (JSON objects as in functions.metadata or the worker's raw_bindings): exactly one
    /// HTTP, queue or timer trigger, and no binding but HTTP's own output. Returns null after adding errors.
    /// </summary>
    public static FunctionDefinition? ParseFunction(
        string name, string entryPoint, string scriptFile, IReadOnlyList<string> rawBindings, AppSettings settings, List<string> errors)
    {
        var before = errors.Count;
        FunctionTrigger? trigger = null;
        var hasHttpOutput = false;
        foreach (var raw in rawBindings)
        {
            using var document = JsonDocument.Parse(raw, JsonOptions);
            var binding = document.RootElement;
            var bindingName = StringProperty(binding, "name") ?? "(unnamed)";
            var type = StringProperty(binding, "type") ?? string.Empty;
            var direction = StringProperty(binding, "direction") ?? "in";
            var where = $"Function '{name}', binding '{bindingName}' (type '{type}', direction '{direction}')";

            if (string.Equals(type, "http", StringComparison.OrdinalIgnoreCase) && string.Equals(direction, "out", StringComparison.OrdinalIgnoreCase))
            {
                hasHttpOutput = true;
                continue;
            }

            if (!TriggerKeys.TryGetValue(type, out var allowed))
            {
                errors.Add(string.Equals(direction, "out", StringComparison.OrdinalIgnoreCase)
                    ? $"{where}: output bindings are not supported by the local host (only an HTTP function's http result is)."
                    : $"{where}: the local host supports httpTrigger, queueTrigger and timerTrigger triggers only.");
                continue;
            }

            if (trigger is not null)
            {
                errors.Add($"{where}: a function has exactly one trigger, and this one already has '{trigger.BindingName}'.");
                continue;
            }

            foreach (var property in binding.EnumerateObject())
            {
                if (!CommonBindingKeys.Contains(property.Name) && !allowed.Contains(property.Name))
                {
                    errors.Add($"{where}: the setting '{property.Name}' is not supported by the local host.");
                }
            }

            if (binding.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in properties.EnumerateObject().Where(p => !HarmlessBindingProperties.Contains(p.Name)))
                {
                    errors.Add($"{where}: the binding property '{property.Name}' (for example SDK-type / deferred binding) is not supported by the local host; bind to string, byte[] or a POCO.");
                }
            }

            trigger = type.ToLowerInvariant() switch
            {
                "httptrigger" => ParseHttp(binding, bindingName, name, where, errors),
                "queuetrigger" => ParseQueue(binding, bindingName, where, settings, errors),
                _ => ParseTimer(binding, bindingName, where, settings, errors),
            };
        }

        if (trigger is null && errors.Count == before)
        {
            errors.Add($"Function '{name}' has no trigger binding.");
        }

        if (hasHttpOutput && trigger is not null and not HttpTrigger)
        {
            errors.Add($"Function '{name}': an http output binding needs an httpTrigger.");
        }

        if (string.IsNullOrEmpty(scriptFile) || string.IsNullOrEmpty(entryPoint))
        {
            errors.Add($"Function '{name}' has no scriptFile or entryPoint in its metadata.");
        }

        return errors.Count == before && trigger is not null ? new FunctionDefinition(name, entryPoint, scriptFile, trigger, rawBindings) : null;
    }

    private static HttpTrigger? ParseHttp(JsonElement binding, string bindingName, string functionName, string where, List<string> errors)
    {
        var route = StringProperty(binding, "route");
        var methods = binding.TryGetProperty("methods", out var m) && m.ValueKind == JsonValueKind.Array
            ? m.EnumerateArray().Select(e => (e.GetString() ?? string.Empty).ToUpperInvariant()).Where(s => s.Length > 0).ToList()
            : [];
        var template = string.IsNullOrEmpty(route) ? functionName : route.Trim('/');
        try
        {
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternFactory.Parse(template);
        }
        catch (Microsoft.AspNetCore.Routing.Patterns.RoutePatternException e)
        {
            errors.Add($"{where}: the route '{template}' is not a valid route template: {e.Message}");
            return null;
        }

        return new HttpTrigger(bindingName, template, methods);
    }

    private static QueueTrigger? ParseQueue(JsonElement binding, string bindingName, string where, AppSettings settings, List<string> errors)
    {
        var queueExpression = StringProperty(binding, "queueName");
        if (string.IsNullOrWhiteSpace(queueExpression))
        {
            errors.Add($"{where}: queueName is missing.");
            return null;
        }

        if (!settings.TryResolve(queueExpression, out var queueName, out var missing))
        {
            errors.Add($"{where}: queueName '{queueExpression}' names the setting '{missing}', which is neither in local.settings.json Values nor in the environment.");
            return null;
        }

        queueName = queueName.ToLowerInvariant();
        var connectionName = StringProperty(binding, "connection");
        connectionName = string.IsNullOrWhiteSpace(connectionName) ? DefaultConnectionName : connectionName;
        var connectionString = settings.Get(connectionName) ?? settings.Get("AzureWebJobs" + connectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            var identityBased = settings.Get(connectionName + "__queueServiceUri") ?? settings.Get(connectionName + "__accountName");
            errors.Add(identityBased is not null
                ? $"{where}: the connection '{connectionName}' is identity-based ({connectionName}__queueServiceUri / __accountName); the local host needs a connection string (Azurite: UseDevelopmentStorage=true)."
                : $"{where}: the connection '{connectionName}' has no connection string in local.settings.json Values or the environment.");
            return null;
        }

        var binary = string.Equals(StringProperty(binding, "dataType"), "binary", StringComparison.OrdinalIgnoreCase);
        return new QueueTrigger(bindingName, queueName, connectionName, connectionString, binary);
    }

    private static TimerTrigger? ParseTimer(JsonElement binding, string bindingName, string where, AppSettings settings, List<string> errors)
    {
        var expression = StringProperty(binding, "schedule");
        if (string.IsNullOrWhiteSpace(expression))
        {
            errors.Add($"{where}: schedule is missing.");
            return null;
        }

        if (!settings.TryResolve(expression, out var resolved, out var missing))
        {
            errors.Add($"{where}: schedule '{expression}' names the setting '{missing}', which is neither in local.settings.json Values nor in the environment.");
            return null;
        }

        if (!TimerSchedule.TryParse(resolved, out var schedule, out var error))
        {
            errors.Add($"{where}: {error}.");
            return null;
        }

        var runOnStartup = binding.TryGetProperty("runOnStartup", out var r) && (r.ValueKind == JsonValueKind.True
            || (r.ValueKind == JsonValueKind.String && bool.TryParse(r.GetString(), out var parsed) && parsed));
        return new TimerTrigger(bindingName, schedule!, runOnStartup);
    }

    private static Dictionary<string, string> LoadLocalSettings(string path, bool required, List<string> errors)
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
            using var document = JsonDocument.Parse(File.ReadAllText(path), JsonOptions);
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

    private static WorkerDescription? LoadWorkerConfig(string path, List<string> errors)
    {
        if (!File.Exists(path))
        {
            errors.Add($"{path} is missing: is this the build output of an isolated worker app?");
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path), JsonOptions);
            if (!document.RootElement.TryGetProperty("description", out var description))
            {
                errors.Add($"{path} has no 'description'.");
                return null;
            }

            var executable = StringProperty(description, "defaultExecutablePath");
            var workerPath = StringProperty(description, "defaultWorkerPath");
            if (string.IsNullOrWhiteSpace(executable))
            {
                errors.Add($"{path}: description.defaultExecutablePath is missing.");
                return null;
            }

            return new WorkerDescription(executable, StringArray(description, "arguments"), workerPath ?? string.Empty, StringArray(description, "workerArguments"));
        }
        catch (JsonException e)
        {
            errors.Add($"{path} is not valid JSON: {e.Message}");
            return null;
        }
    }

    private static HostSettings? LoadHostJson(string path, AppSettings settings, List<string> errors)
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
            var root = (JsonNode.Parse(File.ReadAllText(path), new JsonNodeOptions { PropertyNameCaseInsensitive = true }, JsonOptions)
                ?? throw new JsonException("host.json is null.")).AsObject();
            ApplyHostJsonOverrides(root, settings, overrides, errors);
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
    private static void ApplyHostJsonOverrides(JsonObject root, AppSettings settings, Dictionary<string, string> overrides, List<string> errors)
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

    private static string? StringProperty(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : property.Value.GetRawText();
            }
        }

        return null;
    }

    private static List<string> StringArray(JsonElement element, string name) =>
        element.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Select(e => e.GetString() ?? string.Empty).Where(s => s.Length > 0).ToList()
            : [];
}
