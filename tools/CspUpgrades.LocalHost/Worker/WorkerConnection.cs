using System.Collections.Concurrent;
using System.Threading.Channels;
using CspUpgrades.LocalHost.Rpc;
using Grpc.Core;

namespace CspUpgrades.LocalHost.Worker;

/// <summary>
/// One worker's EventStream. Everything the host sends goes through one queue drained by one writer (gRPC allows no
/// concurrent writes on a stream); responses are matched by request id, invocation responses by invocation id.
/// </summary>
internal sealed class WorkerConnection : IDisposable
{
    private readonly Channel<StreamingMessage> _outbound = Channel.CreateUnbounded<StreamingMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, TaskCompletionSource<StreamingMessage>> _requests = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PendingInvocation> _invocations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ILogger> _loggers = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _closing = new();
    private readonly ILoggerFactory _loggerFactory;
    private Exception? _closeReason;

    public WorkerConnection(string workerId, ILoggerFactory loggerFactory)
    {
        WorkerId = workerId;
        _loggerFactory = loggerFactory;
    }

    public string WorkerId { get; }

    /// <summary>Completes when the stream ended or the connection was closed.</summary>
    public Task Closed => _closed.Task;

    /// <summary>Cancelled when the connection is closed: the stream's reader stops, so the host ends the call itself.</summary>
    public CancellationToken ClosedToken => _closing.Token;

    public int InFlightInvocations => _invocations.Count;

    public async Task RunWriterAsync(IServerStreamWriter<StreamingMessage> stream, CancellationToken cancellationToken)
    {
        await foreach (var message in _outbound.Reader.ReadAllAsync(cancellationToken))
        {
            await stream.WriteAsync(message, cancellationToken);
        }
    }

    public void OnMessage(StreamingMessage message)
    {
        switch (message.ContentCase)
        {
            case StreamingMessage.ContentOneofCase.RpcLog:
                Log(message.RpcLog);
                break;
            case StreamingMessage.ContentOneofCase.InvocationResponse:
                if (_invocations.TryRemove(message.InvocationResponse.InvocationId, out var invocation))
                {
                    invocation.Completion.TrySetResult(message.InvocationResponse);
                }

                break;
            case StreamingMessage.ContentOneofCase.None:
                // The worker answers WorkerTerminate and InvocationCancel with a message that has no content.
                break;
            default:
                if (_requests.TryRemove(message.RequestId, out var request))
                {
                    request.TrySetResult(message);
                }

                break;
        }
    }

    /// <summary>Sends a request and waits for the worker's answer with the same request id.</summary>
    public async Task<StreamingMessage> RequestAsync(StreamingMessage request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        request.RequestId = Guid.NewGuid().ToString();
        var answer = new TaskCompletionSource<StreamingMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _requests[request.RequestId] = answer;
        try
        {
            Send(request);
            return await answer.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException e)
        {
            throw new WorkerUnavailableException($"The worker did not answer {request.ContentCase} within {timeout.TotalSeconds:0} s.", e);
        }
        finally
        {
            _requests.TryRemove(request.RequestId, out _);
        }
    }

    /// <summary>Sends the invocation now; the task completes with the worker's InvocationResponse, or fails if the worker goes away.</summary>
    public Task<InvocationResponse> Invoke(InvocationRequest request, string functionName)
    {
        var pending = new PendingInvocation(functionName);
        _invocations[request.InvocationId] = pending;
        if (!TrySend(new StreamingMessage { RequestId = request.InvocationId, InvocationRequest = request }))
        {
            _invocations.TryRemove(request.InvocationId, out _);
            pending.Completion.TrySetException(_closeReason ?? new WorkerUnavailableException());
        }
        else if (_closeReason is { } reason && _invocations.TryRemove(request.InvocationId, out _))
        {
            pending.Completion.TrySetException(reason);
        }

        return pending.Completion.Task;
    }

    public void Cancel(string invocationId) =>
        TrySend(new StreamingMessage { InvocationCancel = new InvocationCancel { InvocationId = invocationId } });

    public void Send(StreamingMessage message)
    {
        if (!TrySend(message))
        {
            throw _closeReason ?? new WorkerUnavailableException();
        }
    }

    public bool TrySend(StreamingMessage message) => _outbound.Writer.TryWrite(message);

    /// <summary>Ends the connection: nothing more is sent, and every pending request and invocation fails with <paramref name="reason"/>.</summary>
    public int Close(Exception reason)
    {
        _closeReason ??= reason;
        _outbound.Writer.TryComplete();
        var failed = 0;
        foreach (var key in _invocations.Keys)
        {
            if (_invocations.TryRemove(key, out var invocation) && invocation.Completion.TrySetException(reason))
            {
                failed++;
            }
        }

        foreach (var key in _requests.Keys)
        {
            if (_requests.TryRemove(key, out var request))
            {
                request.TrySetException(reason);
            }
        }

        if (_closed.TrySetResult())
        {
            _closing.Cancel();
        }

        return failed;
    }

    /// <summary>Called by the stream's owner once the call is over: closes the connection if nothing did yet.</summary>
    public void Dispose()
    {
        Close(new WorkerUnavailableException($"Worker {WorkerId}'s stream ended."));
        _closing.Dispose();
    }

    private void Log(RpcLog log)
    {
        var level = log.Level switch
        {
            RpcLog.Types.Level.Trace => LogLevel.Trace,
            RpcLog.Types.Level.Debug => LogLevel.Debug,
            RpcLog.Types.Level.Information => LogLevel.Information,
            RpcLog.Types.Level.Warning => LogLevel.Warning,
            RpcLog.Types.Level.Error => LogLevel.Error,
            RpcLog.Types.Level.Critical => LogLevel.Critical,
            _ => LogLevel.None,
        };
        var category = string.IsNullOrEmpty(log.Category) ? "Worker" : log.Category;
        var logger = _loggers.GetOrAdd(category, _loggerFactory.CreateLogger);
        if (!logger.IsEnabled(level))
        {
            return;
        }

        var message = log.Exception is { } exception
            ? $"{log.Message}{Environment.NewLine}{exception.Type}: {exception.Message}{Environment.NewLine}{exception.StackTrace}"
            : log.Message;
        if (string.IsNullOrEmpty(log.InvocationId))
        {
            WorkerLog.SystemLog(logger, level, message);
        }
        else
        {
            var function = _invocations.TryGetValue(log.InvocationId, out var invocation) ? invocation.FunctionName : "-";
            WorkerLog.InvocationLog(logger, level, function, log.InvocationId, message);
        }
    }

    private sealed class PendingInvocation(string functionName)
    {
        public string FunctionName { get; } = functionName;

        public TaskCompletionSource<InvocationResponse> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
