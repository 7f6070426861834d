namespace CspUpgrades.LocalHost;

/// <summary>A worker the caller started in its own process: the host awaits it and stops it as it would a worker process.</summary>
public interface IInProcessWorker : IAsyncDisposable
{
    /// <summary>Completes when the worker has stopped: after WorkerTerminate, after <see cref="BeginStop"/>, or on its own.</summary>
    Task Stopped { get; }

    /// <summary>Asks the worker to stop now (the in-process counterpart of killing a process); a no-op once it stopped.</summary>
    void BeginStop();
}
