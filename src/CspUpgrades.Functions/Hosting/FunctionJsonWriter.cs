using System.Text.Json;
using System.Text.Json.Nodes;

namespace CspUpgrades.Functions.Hosting;

/// <summary>Writes <c>{FunctionName}/function.json</c> for every function, as the Functions host expects them.</summary>
public static class FunctionJsonWriter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void WriteAll(string directory, IEnumerable<FunctionDefinition> functions)
    {
        foreach (var function in functions)
        {
            var folder = Path.Combine(directory, function.Name);
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "function.json"), ToJson(function));
        }
    }

    public static string ToJson(FunctionDefinition function) =>
        new JsonObject { ["bindings"] = Bindings(function.Trigger) }.ToJsonString(Indented);

    private static JsonArray Bindings(FunctionTrigger trigger) => trigger switch
    {
        // One httpTrigger + one http output: the only shape the host forwards as the original request.
        HttpTrigger http =>
        [
            new JsonObject
            {
                ["type"] = "httpTrigger",
                ["direction"] = "in",
                ["name"] = "req",
                // Partners authenticate with our own API keys; webhooks with signatures (DESIGN §6).
                ["authLevel"] = "anonymous",
                ["methods"] = new JsonArray(http.Method.ToLowerInvariant()),
                ["route"] = http.Route,
            },
            new JsonObject { ["type"] = "http", ["direction"] = "out", ["name"] = "res" },
        ],
        QueueTrigger queue =>
        [
            new JsonObject
            {
                ["type"] = "queueTrigger",
                ["direction"] = "in",
                ["name"] = InvocationRequest.QueueMessageBinding,
                ["queueName"] = queue.QueueName,
                ["connection"] = queue.Connection,
            },
        ],
        TimerTrigger timer =>
        [
            new JsonObject
            {
                ["type"] = "timerTrigger",
                ["direction"] = "in",
                ["name"] = InvocationRequest.TimerBinding,
                ["schedule"] = $"%{timer.ScheduleSetting}%",
                ["runOnStartup"] = false,
                ["useMonitor"] = true,
            },
        ],
        _ => throw new ArgumentOutOfRangeException(nameof(trigger), trigger, "Unknown trigger type."),
    };
}
