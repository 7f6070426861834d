using CspUpgrades.LocalHost.Rpc;

namespace CspUpgrades.LocalHost.Worker;

/// <summary>A worker that finished its handshake and loaded every function: ready for invocations.</summary>
internal sealed class WorkerInstance(
    IStartedWorker worker, WorkerConnection connection, Uri? httpUri, IReadOnlyDictionary<string, string> functionIds, DateTimeOffset readyAt)
{
    public IStartedWorker Worker { get; } = worker;

    public WorkerConnection Connection { get; } = connection;

    public string WorkerId => Connection.WorkerId;

    /// <summary>Where the worker's ASP.NET Core integration listens (its <c>HttpUri</c> capability); null without it.</summary>
    public Uri? HttpUri { get; } = httpUri;

    public DateTimeOffset ReadyAt { get; } = readyAt;

    public string FunctionId(string functionName) => functionIds[functionName];

    public Task<InvocationResponse> Invoke(InvocationRequest request, string functionName) => Connection.Invoke(request, functionName);
}
