namespace CspUpgrades.LocalHost;

/// <summary>How to run the local host. Only <see cref="AppDirectory"/> is required; the rest default to the Functions host's values.</summary>
public sealed record LocalHostOptions
{
    public const int DefaultPort = 7071;

    /// <summary>The app's build output: the folder with functions.metadata, worker.config.json and host.json.</summary>
    public required string AppDirectory { get; init; }

    /// <summary>The public HTTP port on 127.0.0.1 (HTTP functions and the admin API). 0 picks a free port. Null: local.settings.json Host.LocalHttpPort, else 7071.</summary>
    public int? Port { get; init; }

    /// <summary>local.settings.json to read instead of the one in the app folder.</summary>
    public string? SettingsFile { get; init; }

    /// <summary>Settings that win over local.settings.json Values (tests use it for the Azurite connection string).</summary>
    public IReadOnlyDictionary<string, string> SettingOverrides { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// How long a received queue message stays invisible while its function runs; renewed at half of it. The Functions
    /// host uses 10 minutes; tests shorten it to see renewal and redelivery quickly.
    /// </summary>
    public TimeSpan QueueMessageLease { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>WorkerTerminate's grace period on shutdown; after it the worker's process tree is killed.</summary>
    public TimeSpan ShutdownGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>First wait before restarting a worker that died; doubles per failed attempt up to <see cref="RestartBackoffMax"/>.</summary>
    public TimeSpan RestartBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan RestartBackoffMax { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the worker may take to open its stream after it started (the Functions host allows 60 s).</summary>
    public TimeSpan WorkerStartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Null (the default): the worker is a process started from worker.config.json, as the Functions host does. Set: the
    /// host calls this instead, for the first worker and every restart, and the caller runs the worker in its own process
    /// (tests that keep the app's DI container in reach). Everything else — handshake, readiness, invocations, restart,
    /// WorkerTerminate — is the same.
    /// </summary>
    public InProcessWorkerStarter? StartWorkerInProcess { get; init; }

    /// <summary>How long an HTTP request or admin call waits for a ready worker (after a crash, during a restart) before 503.</summary>
    public TimeSpan ReadyWaitTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
