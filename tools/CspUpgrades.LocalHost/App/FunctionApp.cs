using Azure.Storage.Queues;

namespace CspUpgrades.LocalHost.App;

/// <summary>An isolated worker app as the local host loaded it: where it is, how to start its worker, its settings and functions.</summary>
internal sealed record FunctionApp(
    string Directory,
    WorkerDescription Worker,
    HostSettings Host,
    AppSettings Settings,
    IReadOnlyList<FunctionDefinition> Functions)
{
    public FunctionDefinition? Find(string name) =>
        Functions.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The app setting <c>AzureWebJobs.&lt;name&gt;.Disabled</c> (true or 1), as the Functions host reads it: the worker still
    /// loads the function, but no trigger fires it (no route, no queue listener, no timer, no admin invocation).
    /// </summary>
    public bool IsDisabled(FunctionDefinition function)
    {
        ArgumentNullException.ThrowIfNull(function);
        var value = Settings.Get($"AzureWebJobs.{function.Name}.Disabled")?.Trim();
        return value == "1" || (bool.TryParse(value, out var disabled) && disabled);
    }
}

/// <summary>From <c>worker.config.json</c>: the executable, its arguments, the worker assembly and the worker's own arguments.</summary>
internal sealed record WorkerDescription(
    string ExecutablePath,
    IReadOnlyList<string> ExecutableArguments,
    string WorkerPath,
    IReadOnlyList<string> WorkerArguments);

/// <summary>The parts of <c>host.json</c> the local host honours.</summary>
internal sealed record HostSettings(string RoutePrefix, QueueSettings Queues, TimeSpan? FunctionTimeout);

/// <summary><c>extensions.queues</c>, with the Functions host's defaults.</summary>
internal sealed record QueueSettings(
    int BatchSize,
    int NewBatchThreshold,
    TimeSpan MaxPollingInterval,
    TimeSpan VisibilityTimeout,
    int MaxDequeueCount,
    QueueMessageEncoding MessageEncoding)
{
    public static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(100);
}

/// <summary>A function and its one trigger; <c>RawBindings</c> as in functions.metadata (the worker's own metadata is preferred).</summary>
internal sealed record FunctionDefinition(string Name, string EntryPoint, string ScriptFile, FunctionTrigger Trigger, IReadOnlyList<string> RawBindings);

internal abstract record FunctionTrigger(string BindingName);

/// <summary><c>route</c> is relative to the route prefix; no methods means every method.</summary>
internal sealed record HttpTrigger(string BindingName, string Route, IReadOnlyList<string> Methods) : FunctionTrigger(BindingName);

/// <summary>A queue trigger with its queue name resolved and the connection string found.</summary>
internal sealed record QueueTrigger(string BindingName, string QueueName, string ConnectionName, string ConnectionString, bool Binary)
    : FunctionTrigger(BindingName)
{
    public string PoisonQueueName => QueueName + "-poison";
}

/// <summary>A timer trigger with its schedule expression resolved.</summary>
internal sealed record TimerTrigger(string BindingName, TimerSchedule Schedule, bool RunOnStartup) : FunctionTrigger(BindingName);
