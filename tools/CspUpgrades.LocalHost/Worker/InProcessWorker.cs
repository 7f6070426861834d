namespace CspUpgrades.LocalHost.Worker;

/// <summary>
/// A worker the caller starts inside its own process (<see cref="LocalHostOptions.StartWorkerInProcess"/>), seen by the
/// supervisor like a process: it "exits" when it stops (code 0) or when its start fails (no code, the error logged as its
/// output). The starter runs in the background, so the handshake can begin while the worker's host is still starting.
/// </summary>
internal sealed class InProcessWorker : IStartedWorker
{
    private readonly TaskCompletionSource<int?> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _killed = new();
    private readonly string _workerId;
    private readonly ILogger _logger;
    private Task<IInProcessWorker> _starting = null!;

    private InProcessWorker(string workerId, ILogger logger)
    {
        _workerId = workerId;
        _logger = logger;
    }

    public int ProcessId => Environment.ProcessId;

    public string Executable => "(in-process worker)";

    public string Arguments => string.Empty;

    public Task<int?> Exited => _exited.Task;

    public bool HasExited => _exited.Task.IsCompleted;

    /// <summary>Why the caller's start-up failed, once it did (the host's start-up error names it).</summary>
    public Exception? StartFailure { get; private set; }

    public static InProcessWorker Start(InProcessWorkerStarter starter, InProcessWorkerStart start, ILogger logger)
    {
        var worker = new InProcessWorker(start.WorkerId, logger);
        worker._starting = Task.Run(() => starter(start, worker._killed.Token));
        _ = worker.WatchAsync();
        return worker;
    }

    public void Kill()
    {
        _killed.Cancel();
        if (_starting.IsCompletedSuccessfully)
        {
            _starting.Result.BeginStop();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        if (_starting.IsCompletedSuccessfully)
        {
            await _starting.Result.DisposeAsync();
        }

        _killed.Dispose();
    }

    private async Task WatchAsync()
    {
        IInProcessWorker worker;
        try
        {
            worker = await _starting;
        }
        catch (Exception e)
        {
            // Any failure of the caller's start-up is this worker's exit: the supervisor reports it and retries.
            StartFailure = e;
            HostLog.InProcessWorkerFailed(_logger, _workerId, "failed to start", e);
            _exited.TrySetResult(null);
            return;
        }

        if (_killed.IsCancellationRequested)
        {
            worker.BeginStop();
        }

        try
        {
            await worker.Stopped;
            _exited.TrySetResult(0);
        }
        catch (Exception e)
        {
            HostLog.InProcessWorkerFailed(_logger, _workerId, "stopped with an error", e);
            _exited.TrySetResult(1);
        }
    }
}
