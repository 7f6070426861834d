namespace CspUpgrades.LocalHost.App;

/// <summary>
/// Loads an isolated worker app from its build output the way the Functions host does: <c>worker.config.json</c>
/// (how to start the worker), <c>host.json</c> (route prefix, queue semantics, function timeout),
/// <c>functions.metadata</c> (functions and bindings) and <c>local.settings.json</c> (Values, which become the worker's
/// environment), each through its reader. Everything the local host could not honour is collected into one
/// <see cref="FunctionAppLoadException"/>.
/// </summary>
internal static class FunctionAppLoader
{
    public static FunctionApp Load(string appDirectory, string? settingsFile = null, IReadOnlyDictionary<string, string>? settingOverrides = null)
    {
        var errors = new List<string>();
        var directory = Path.GetFullPath(appDirectory);
        if (!Directory.Exists(directory))
        {
            throw new FunctionAppLoadException([$"The app folder {directory} does not exist. Point the local host at the app's build output (the folder with functions.metadata)."]);
        }

        var values = LocalSettingsReader.Read(settingsFile ?? Path.Combine(directory, "local.settings.json"), settingsFile is not null, errors);
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

        var worker = WorkerConfigReader.Read(Path.Combine(directory, "worker.config.json"), errors);
        var host = HostJsonReader.Read(Path.Combine(directory, "host.json"), settings, errors);
        var functions = FunctionMetadataReader.Read(Path.Combine(directory, "functions.metadata"), settings, errors);

        if (errors.Count > 0 || worker is null || host is null)
        {
            throw new FunctionAppLoadException(errors);
        }

        return new FunctionApp(directory, worker, host, settings, functions);
    }
}
