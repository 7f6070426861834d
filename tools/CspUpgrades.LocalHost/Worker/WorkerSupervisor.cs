using System.Diagnostics;
using CspUpgrades.LocalHost.App;
using CspUpgrades.LocalHost.Rpc;
using Google.Protobuf.WellKnownTypes;

namespace CspUpgrades.LocalHost.Worker;

/// <summary>
/// Keeps one worker: starts it (a process, or in the caller's process), waits for its StartStream, has the
/// <see cref="WorkerHandshake"/> take it to ready and publishes it only then; restarts it with backoff when it dies; on
/// stop sends WorkerTerminate and kills whatever is left after the grace period.
/// </summary>
internal sealed class WorkerSupervisor : IAsyncDisposable
{
    private static readonly TimeSpan HealthyUptime = TimeSpan.FromSeconds(30);

    private readonly FunctionApp _app;
    private readonly Uri _grpcUri;
    private readonly WorkerRegistry _registry;
    private readonly LocalHostOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly WorkerHandshake _handshake;
    private readonly CancellationTokenSource _stopping = new();
    private readonly object _gate = new();
    private TaskCompletionSource<WorkerInstance> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WorkerInstance? _current;
    private IStartedWorker? _starting;
    private Task _supervision = Task.CompletedTask;
    private int _attempt;
    private int _stopped;

    public WorkerSupervisor(FunctionApp app, Uri grpcUri, WorkerRegistry registry, LocalHostOptions options, ILogger logger, TimeProvider time)
    {
        _app = app;
        _grpcUri = grpcUri;
        _registry = registry;
        _options = options;
        _logger = logger;
        _time = time;
        _handshake = new WorkerHandshake(app, logger, time);
    }

    /// <summary>The ready worker now, if there is one.</summary>
    public WorkerInstance? Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    public int Restarts { get; private set; }

    /// <summary>Starts the first worker and returns when it is ready; a first start that fails is the host's start-up error.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        var instance = await StartWorkerAsync(linked.Token);
        Publish(instance);
        _supervision = SuperviseAsync(instance);
    }

    /// <summary>The ready worker, waiting for one during a restart.</summary>
    public Task<WorkerInstance> WaitForReadyAsync(CancellationToken cancellationToken)
    {
        Task<WorkerInstance> ready;
        lock (_gate)
        {
            ready = _ready.Task;
        }

        return ready.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// From now on a worker that exits is not restarted. Called first when the host stops: on Ctrl-C the terminal
    /// signals the worker too (same process group), and its exit must not read as a crash.
    /// </summary>
    public void BeginStop() => _stopping.Cancel();

    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            await _supervision;
            return;
        }

        BeginStop();
        WorkerInstance? instance;
        lock (_gate)
        {
            instance = _current;
            _current = null;
            _ready.TrySetCanceled();
        }

        _starting?.Kill();
        if (instance is not null)
        {
            HostLog.WorkerTerminating(_logger, instance.WorkerId, instance.Worker.ProcessId, (long)_options.ShutdownGrace.TotalMilliseconds);
            instance.Connection.TrySend(new StreamingMessage { WorkerTerminate = new WorkerTerminate { GracePeriod = Duration.FromTimeSpan(_options.ShutdownGrace) } });
            try
            {
                await instance.Worker.Exited.WaitAsync(_options.ShutdownGrace, _time);
            }
            catch (TimeoutException)
            {
                HostLog.WorkerKilled(_logger, instance.WorkerId, instance.Worker.ProcessId);
            }

            // Kill the tree even after a clean exit: anything the worker started goes too.
            instance.Worker.Kill();
            await ((Task)instance.Worker.Exited).WaitAsync(TimeSpan.FromSeconds(10), _time, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            instance.Connection.Close(new WorkerUnavailableException("The host is stopping."));
            HostLog.WorkerExited(_logger, instance.WorkerId, instance.Worker.ProcessId, instance.Worker.HasExited ? await instance.Worker.Exited : null);
            await instance.Worker.DisposeAsync();
        }

        await _supervision;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stopping.Dispose();
    }

    private void Publish(WorkerInstance instance)
    {
        lock (_gate)
        {
            _current = instance;
            _ready.TrySetResult(instance);
        }
    }

    private async Task SuperviseAsync(WorkerInstance instance)
    {
        var backoff = _options.RestartBackoff;
        while (!_stopping.IsCancellationRequested)
        {
            await Task.WhenAny(instance.Worker.Exited, instance.Connection.Closed);
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            lock (_gate)
            {
                _current = null;
                _ready = new TaskCompletionSource<WorkerInstance>(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            instance.Worker.Kill();
            var exitCode = await instance.Worker.Exited.WaitAsync(TimeSpan.FromSeconds(10), _time);
            var failed = instance.Connection.Close(new WorkerUnavailableException($"Worker process {instance.Worker.ProcessId} exited (code {exitCode})."));
            if (_time.GetUtcNow() - instance.ReadyAt > HealthyUptime)
            {
                backoff = _options.RestartBackoff;
            }

            HostLog.WorkerDied(_logger, instance.WorkerId, instance.Worker.ProcessId, exitCode, failed, (long)backoff.TotalMilliseconds);
            await instance.Worker.DisposeAsync();
            while (!_stopping.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(backoff, _time, _stopping.Token);
                    backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.RestartBackoffMax.Ticks));
                    instance = await StartWorkerAsync(_stopping.Token);
                    Restarts++;
                    Publish(instance);
                    break;
                }
                catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e) when (e is WorkerUnavailableException or FunctionAppLoadException or TimeoutException or InvalidOperationException)
                {
                    HostLog.WorkerStartFailed(_logger, "-", e.Message, (long)backoff.TotalMilliseconds);
                }
            }
        }
    }

    private async Task<WorkerInstance> StartWorkerAsync(CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var workerId = Guid.NewGuid().ToString();
        var requestId = Guid.NewGuid().ToString();
        var connecting = _registry.Expect(workerId);
        var process = StartWorker(workerId, requestId);
        _starting = process;
        var attempt = Interlocked.Increment(ref _attempt);
        HostLog.WorkerStarting(_logger, workerId, attempt, process.Executable, process.Arguments);
        try
        {
            var first = await Task.WhenAny(connecting, process.Exited).WaitAsync(_options.WorkerStartTimeout, _time, cancellationToken);
            if (first != connecting)
            {
                var exitCode = await process.Exited;
                throw process is InProcessWorker { StartFailure: { } failure }
                    ? new WorkerUnavailableException($"The in-process worker failed to start: {failure.Message}", failure)
                    : new WorkerUnavailableException($"The worker exited with code {exitCode} before it opened its stream (see its output above).");
            }

            var connection = await connecting;
            var (httpUri, ids) = await _handshake.RunAsync(workerId, connection, process, cancellationToken);
            HostLog.HostReady(_logger, workerId, process.ProcessId, ids.Count, stopwatch.ElapsedMilliseconds);
            _starting = null;
            return new WorkerInstance(process, connection, httpUri, ids, _time.GetUtcNow());
        }
        catch
        {
            _registry.Forget(workerId);
            _starting = null;
            process.Kill();
            await ((Task)process.Exited).WaitAsync(TimeSpan.FromSeconds(10), _time, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await process.DisposeAsync();
            throw;
        }
    }

    private IStartedWorker StartWorker(string workerId, string requestId)
    {
        if (_options.StartWorkerInProcess is { } starter)
        {
            var start = new InProcessWorkerStart(_grpcUri, workerId, requestId, WorkerProcess.GrpcMaxMessageLength, _app.Directory, _app.Settings.Values);
            return InProcessWorker.Start(starter, start, _logger);
        }

        return WorkerProcess.Start(_app, _grpcUri, workerId, requestId, _logger);
    }
}
