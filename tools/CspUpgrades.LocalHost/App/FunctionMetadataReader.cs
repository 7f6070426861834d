using System.Text.Json;

namespace CspUpgrades.LocalHost.App;

/// <summary>
/// Reads <c>functions.metadata</c> (every function and its bindings, as the Worker SDK writes it) and, through
/// <see cref="ParseFunction"/>, the raw bindings a worker reports when it indexes itself: each function has exactly one
/// HTTP, queue or timer trigger, with its <c>%Setting%</c> expressions and connection resolved against the app's settings.
/// </summary>
internal static class FunctionMetadataReader
{
    public const string DefaultConnectionName = "AzureWebJobsStorage";

    private static readonly HashSet<string> CommonBindingKeys = new(StringComparer.OrdinalIgnoreCase) { "name", "type", "direction", "dataType", "properties" };

    private static readonly Dictionary<string, HashSet<string>> TriggerKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        ["httpTrigger"] = new(StringComparer.OrdinalIgnoreCase) { "authLevel", "methods", "route" },
        ["queueTrigger"] = new(StringComparer.OrdinalIgnoreCase) { "queueName", "connection" },
        ["timerTrigger"] = new(StringComparer.OrdinalIgnoreCase) { "schedule", "runOnStartup", "useMonitor" },
    };

    /// <summary>Binding <c>properties</c> the generator writes that need nothing from the host.</summary>
    private static readonly HashSet<string> HarmlessBindingProperties = new(StringComparer.OrdinalIgnoreCase) { "IsCodeless" };

    /// <summary>The functions in <paramref name="metadataPath"/>; what cannot run here goes to <paramref name="errors"/>.</summary>
    public static List<FunctionDefinition> Read(string metadataPath, AppSettings settings, List<string> errors)
    {
        var functions = new List<FunctionDefinition>();
        if (!File.Exists(metadataPath))
        {
            errors.Add($"{metadataPath} is missing: is this the build output of an isolated worker app (Microsoft.Azure.Functions.Worker.Sdk)?");
        }
        else
        {
            try
            {
                using var document = JsonDocument.Parse(File.ReadAllText(metadataPath), AppJson.Options);
                foreach (var function in document.RootElement.EnumerateArray())
                {
                    var name = AppJson.StringProperty(function, "name") ?? "(unnamed)";
                    var bindings = function.TryGetProperty("bindings", out var b) && b.ValueKind == JsonValueKind.Array
                        ? b.EnumerateArray().Select(e => e.GetRawText()).ToList()
                        : [];
                    var definition = ParseFunction(
                        name, AppJson.StringProperty(function, "entryPoint") ?? string.Empty, AppJson.StringProperty(function, "scriptFile") ?? string.Empty, bindings, settings, errors);
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

        return functions;
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
            using var document = JsonDocument.Parse(raw, AppJson.Options);
            var binding = document.RootElement;
            var bindingName = AppJson.StringProperty(binding, "name") ?? "(unnamed)";
            var type = AppJson.StringProperty(binding, "type") ?? string.Empty;
            var direction = AppJson.StringProperty(binding, "direction") ?? "in";
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
        var route = AppJson.StringProperty(binding, "route");
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
        var queueExpression = AppJson.StringProperty(binding, "queueName");
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
        var connectionName = AppJson.StringProperty(binding, "connection");
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

        var binary = string.Equals(AppJson.StringProperty(binding, "dataType"), "binary", StringComparison.OrdinalIgnoreCase);
        return new QueueTrigger(bindingName, queueName, connectionName, connectionString, binary);
    }

    private static TimerTrigger? ParseTimer(JsonElement binding, string bindingName, string where, AppSettings settings, List<string> errors)
    {
        var expression = AppJson.StringProperty(binding, "schedule");
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
}
