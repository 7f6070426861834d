using System.Collections.Concurrent;

namespace CspUpgrades.LocalHost.Worker;

/// <summary>Pairs the worker processes the host started with the EventStreams that open, by worker id.</summary>
internal sealed class WorkerRegistry(ILoggerFactory loggerFactory)
{
    private readonly ILogger _logger = loggerFactory.CreateLogger(LocalFunctionsHost.LoggerCategory);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<WorkerConnection>> _expected = new(StringComparer.Ordinal);

    public Task<WorkerConnection> Expect(string workerId)
    {
        var connection = new TaskCompletionSource<WorkerConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
        _expected[workerId] = connection;
        return connection.Task;
    }

    public void Forget(string workerId) => _expected.TryRemove(workerId, out _);

    /// <summary>The connection for a StartStream, or null for a worker id the host did not start (or already paired).</summary>
    public WorkerConnection? Attach(string workerId)
    {
        if (!_expected.TryRemove(workerId, out var expected))
        {
            return null;
        }

        var connection = new WorkerConnection(workerId, loggerFactory);
        if (!expected.TrySetResult(connection))
        {
            return null;
        }

        // Between "Starting worker" (2) and "connected" (3): the worker's process is up and its gRPC client is talking.
        HostLog.WorkerStreamOpened(_logger, workerId);
        return connection;
    }
}
