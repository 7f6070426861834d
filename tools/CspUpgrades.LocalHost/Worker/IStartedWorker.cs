namespace CspUpgrades.LocalHost.Worker;

/// <summary>A worker the supervisor started and owns: a process of its own, or one running inside the caller's process.</summary>
internal interface IStartedWorker : IAsyncDisposable
{
    /// <summary>The process the worker runs in (for an in-process worker, the host's own).</summary>
    int ProcessId { get; }

    /// <summary>What was started, for the log: an executable, or a description of the in-process worker.</summary>
    string Executable { get; }

    string Arguments { get; }

    /// <summary>Completes with the exit code when the worker is gone (null when none is known).</summary>
    Task<int?> Exited { get; }

    bool HasExited { get; }

    /// <summary>Ends the worker without waiting for it to agree; a no-op once it ended.</summary>
    void Kill();
}
