using CspUpgrades.LocalHost.App;
using CspUpgrades.LocalHost.Rpc;

namespace CspUpgrades.LocalHost.Worker;

/// <summary>
/// Takes a worker whose stream is open to ready, as the Functions host does: WorkerInitRequest (its capabilities, among
/// them <c>HttpUri</c>), FunctionsMetadataRequest, one FunctionLoadRequest per function, then waits until the worker's HTTP
/// server accepts connections. A step that fails throws; the caller ends the worker.
/// </summary>
internal sealed class WorkerHandshake(FunctionApp app, ILogger logger, TimeProvider time)
{
    public const string HostVersion = "4.1000.0-cspupgrades-localhost";

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The worker's HTTP address (null without the ASP.NET Core integration) and each loaded function's id by name.</summary>
    public sealed record Result(Uri? HttpUri, IReadOnlyDictionary<string, string> FunctionIds);

    public async Task<Result> RunAsync(string workerId, WorkerConnection connection, IStartedWorker process, CancellationToken cancellationToken)
    {
        var init = await connection.RequestAsync(
            new StreamingMessage
            {
                WorkerInitRequest = new WorkerInitRequest
                {
                    HostVersion = HostVersion,
                    WorkerDirectory = app.Directory,
                    FunctionAppDirectory = app.Directory,
                },
            },
            RequestTimeout,
            cancellationToken);
        EnsureSuccess(init.WorkerInitResponse?.Result, "WorkerInitRequest");
        var capabilities = init.WorkerInitResponse!.Capabilities;
        Uri? httpUri = capabilities.TryGetValue("HttpUri", out var uri) && Uri.TryCreate(uri, UriKind.Absolute, out var parsed) ? parsed : null;
        var workerVersion = init.WorkerInitResponse.WorkerVersion;
        var httpAddress = httpUri?.ToString() ?? "(none)";
        var capabilityList = string.Join(", ", capabilities.Keys.Order(StringComparer.Ordinal));
        HostLog.WorkerInitialized(logger, workerId, process.ProcessId, workerVersion, httpAddress, capabilityList);
        if (httpUri is null && app.Functions.Any(f => f.Trigger is HttpTrigger))
        {
            throw new FunctionAppLoadException(
                "The app has HTTP functions but its worker reports no HttpUri: the local host forwards HTTP through the ASP.NET Core integration only "
                + "(Microsoft.Azure.Functions.Worker.Extensions.Http.AspNetCore and ConfigureFunctionsWebApplication()).");
        }

        var metadata = await LoadMetadataAsync(connection, cancellationToken);
        var loads = metadata.Select(async function =>
        {
            var response = await connection.RequestAsync(
                new StreamingMessage { FunctionLoadRequest = new FunctionLoadRequest { FunctionId = function.FunctionId, Metadata = function } },
                RequestTimeout,
                cancellationToken);
            EnsureSuccess(response.FunctionLoadResponse?.Result, $"FunctionLoadRequest for '{function.Name}'");
            HostLog.FunctionLoaded(logger, function.Name, function.FunctionId);
        });
        await Task.WhenAll(loads);
        if (httpUri is not null)
        {
            // The worker reports HttpUri before its ASP.NET Core server listens: ready means a request can get there.
            await WaitUntilListeningAsync(httpUri, process, cancellationToken);
        }

        return new Result(httpUri, metadata.ToDictionary(f => f.Name, f => f.FunctionId, StringComparer.OrdinalIgnoreCase));
    }

    private async Task WaitUntilListeningAsync(Uri httpUri, IStartedWorker process, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + RequestTimeout;
        while (true)
        {
            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync(httpUri.Host, httpUri.Port, cancellationToken);
                return;
            }
            catch (System.Net.Sockets.SocketException) when (time.GetUtcNow() < deadline && !process.HasExited)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), time, cancellationToken);
            }
            catch (System.Net.Sockets.SocketException e)
            {
                throw new WorkerUnavailableException($"The worker's HTTP server at {httpUri} did not accept connections within {RequestTimeout.TotalSeconds:0} s.", e);
            }
        }
    }

    /// <summary>
    /// Worker indexing: the worker lists its functions, checked against functions.metadata. A worker that asks for host
    /// indexing gets metadata built from functions.metadata.
    /// </summary>
    private async Task<List<RpcFunctionMetadata>> LoadMetadataAsync(WorkerConnection connection, CancellationToken cancellationToken)
    {
        var answer = await connection.RequestAsync(
            new StreamingMessage { FunctionsMetadataRequest = new FunctionsMetadataRequest { FunctionAppDirectory = app.Directory } },
            RequestTimeout,
            cancellationToken);
        var response = answer.FunctionMetadataResponse ?? throw new WorkerUnavailableException("The worker answered FunctionsMetadataRequest with something else.");
        if (response.UseDefaultMetadataIndexing)
        {
            return app.Functions.Select(WorkerFunctionMetadata.FromFunctionsMetadata).ToList();
        }

        EnsureSuccess(response.Result, "FunctionsMetadataRequest");
        var listed = response.FunctionMetadataResults.ToList();
        var errors = WorkerFunctionMetadata.Check(listed, app);
        if (errors.Count > 0)
        {
            throw new FunctionAppLoadException(errors);
        }

        return listed;
    }

    private static void EnsureSuccess(StatusResult? result, string what)
    {
        if (result is null)
        {
            throw new WorkerUnavailableException($"The worker's answer to {what} has no result.");
        }

        if (result.Status != StatusResult.Types.Status.Success)
        {
            var detail = result.Exception is { } e ? $"{e.Type}: {e.Message}" : result.Result;
            throw new FunctionAppLoadException($"{what} failed in the worker: {detail}");
        }
    }
}
