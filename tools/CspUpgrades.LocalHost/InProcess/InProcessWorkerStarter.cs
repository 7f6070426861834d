namespace CspUpgrades.LocalHost;

/// <summary>
/// Starts a worker inside the caller's process and returns once it runs (it then opens its EventStream to
/// <see cref="InProcessWorkerStart.HostEndpoint"/> by itself). The host calls it for the first worker and for every restart.
/// </summary>
public delegate Task<IInProcessWorker> InProcessWorkerStarter(InProcessWorkerStart start, CancellationToken cancellationToken);
