using CspUpgrades.LocalHost.Rpc;
using Grpc.Core;
using RpcException = Grpc.Core.RpcException;

namespace CspUpgrades.LocalHost.Worker;

/// <summary>The host side of <c>FunctionRpc.EventStream</c>: the first message must be StartStream with a worker id the host started.</summary>
internal sealed class FunctionRpcService(WorkerRegistry registry) : FunctionRpc.FunctionRpcBase
{
    public override async Task EventStream(
        IAsyncStreamReader<StreamingMessage> requestStream, IServerStreamWriter<StreamingMessage> responseStream, ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        if (!await requestStream.MoveNext(cancellationToken) || requestStream.Current.ContentCase != StreamingMessage.ContentOneofCase.StartStream)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "The first message on the stream must be StartStream."));
        }

        using var connection = registry.Attach(requestStream.Current.StartStream.WorkerId)
            ?? throw new RpcException(new Status(StatusCode.PermissionDenied, "Unknown worker id: this host did not start that worker."));
        var writer = connection.RunWriterAsync(responseStream, cancellationToken);

        // A worker process's stream ends when the process dies; an in-process worker never drops its stream, so when the
        // host closes the connection (the worker stopped, or the host stops) the call ends here.
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, connection.ClosedToken);
        try
        {
            while (await requestStream.MoveNext(reading.Token))
            {
                connection.OnMessage(requestStream.Current);
            }

            connection.Close(new WorkerUnavailableException($"Worker {connection.WorkerId} closed its stream."));
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or RpcException or InvalidOperationException)
        {
            connection.Close(new WorkerUnavailableException($"Worker {connection.WorkerId} stream broke: {e.Message}", e));
        }

        try
        {
            await writer;
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or RpcException or InvalidOperationException)
        {
            // The stream is gone; what was still queued has nobody to go to.
        }
    }
}
