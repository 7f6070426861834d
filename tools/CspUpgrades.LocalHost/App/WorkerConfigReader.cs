using System.Text.Json;

namespace CspUpgrades.LocalHost.App;

/// <summary>Reads <c>worker.config.json</c>: how to start the worker (executable, its arguments, the worker's path and arguments).</summary>
internal static class WorkerConfigReader
{
    public static WorkerDescription? Read(string path, List<string> errors)
    {
        if (!File.Exists(path))
        {
            errors.Add($"{path} is missing: is this the build output of an isolated worker app?");
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path), AppJson.Options);
            if (!document.RootElement.TryGetProperty("description", out var description))
            {
                errors.Add($"{path} has no 'description'.");
                return null;
            }

            var executable = AppJson.StringProperty(description, "defaultExecutablePath");
            var workerPath = AppJson.StringProperty(description, "defaultWorkerPath");
            if (string.IsNullOrWhiteSpace(executable))
            {
                errors.Add($"{path}: description.defaultExecutablePath is missing.");
                return null;
            }

            return new WorkerDescription(executable, AppJson.StringArray(description, "arguments"), workerPath ?? string.Empty, AppJson.StringArray(description, "workerArguments"));
        }
        catch (JsonException e)
        {
            errors.Add($"{path} is not valid JSON: {e.Message}");
            return null;
        }
    }
}
