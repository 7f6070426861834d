using System.Diagnostics;
using CspUpgrades.LocalHost.App;
using CspUpgrades.LocalHost.Rpc;
using CspUpgrades.LocalHost.Worker;

namespace CspUpgrades.LocalHost.Invocations;

internal enum InvocationStatus
{
    Succeeded,
    Failed,
    Cancelled,
    TimedOut,
    WorkerLost,
}

/// <summary>How an invocation ended; <see cref="Error"/> is for logs only, never for an HTTP client.</summary>
internal sealed record InvocationResult(InvocationStatus Status, string? Error)
{
    public bool Succeeded => Status == InvocationStatus.Succeeded;
}

/// <summary>An InvocationRequest on its way: its id, its outcome, and a way to cancel it.</summary>
internal sealed class RunningInvocation(string invocationId, string functionName, WorkerInstance worker, ILogger logger)
{
    private int _cancelled;

    public string InvocationId { get; } = invocationId;

    public string FunctionName { get; } = functionName;

    public WorkerInstance Worker { get; } = worker;

    public Task<InvocationResult> Completion { get; internal set; } = null!;

    /// <summary>Sends InvocationCancel once; the worker cancels the function's CancellationToken.</summary>
    public void Cancel(string reason)
    {
        if (Interlocked.Exchange(ref _cancelled, 1) == 0 && !Completion.IsCompleted)
        {
            HostLog.InvocationCancelling(logger, InvocationId, FunctionName, reason);
            Worker.Connection.Cancel(InvocationId);
        }
    }
}

/// <summary>Builds InvocationRequests, sends them to the worker, and turns the InvocationResponse into an <see cref="InvocationResult"/>, logging both ends.</summary>
internal sealed class FunctionInvoker(FunctionApp app, ILogger logger, TimeProvider time)
{
    public RunningInvocation Start(
        WorkerInstance worker, FunctionDefinition function, string reason, ParameterBinding input, IEnumerable<KeyValuePair<string, TypedData>> triggerMetadata)
    {
        var request = new InvocationRequest
        {
            InvocationId = Guid.NewGuid().ToString(),
            FunctionId = worker.FunctionId(function.Name),
            TraceContext = new RpcTraceContext
            {
                // The worker reads the trace context unconditionally: it must be there.
                TraceParent = $"00-{ActivityTraceId.CreateRandom().ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-00",
            },
        };
        request.InputData.Add(input);
        foreach (var (key, value) in triggerMetadata)
        {
            request.TriggerMetadata[key] = value;
        }

        var invocation = new RunningInvocation(request.InvocationId, function.Name, worker, logger);
        HostLog.InvocationStarted(logger, function.Name, reason, request.InvocationId);
        var started = time.GetTimestamp();
        var response = worker.Invoke(request, function.Name);
        invocation.Completion = CompleteAsync(invocation, response, started);
        return invocation;
    }

    public static TypedData Text(string value) => new() { String = value };

    public static TypedData Json(string value) => new() { Json = value };

    private async Task<InvocationResult> CompleteAsync(RunningInvocation invocation, Task<InvocationResponse> response, long started)
    {
        InvocationResult result;
        try
        {
            var answer = app.Host.FunctionTimeout is { } timeout ? await response.WaitAsync(timeout, time) : await response;
            result = answer.Result?.Status switch
            {
                StatusResult.Types.Status.Success => new InvocationResult(InvocationStatus.Succeeded, null),
                StatusResult.Types.Status.Cancelled => new InvocationResult(InvocationStatus.Cancelled, Describe(answer.Result)),
                _ => new InvocationResult(InvocationStatus.Failed, Describe(answer.Result)),
            };
        }
        catch (TimeoutException)
        {
            invocation.Cancel("functionTimeout reached");
            result = new InvocationResult(InvocationStatus.TimedOut, $"Timeout value of {app.Host.FunctionTimeout} was exceeded by function: {invocation.FunctionName}");
        }
        catch (WorkerUnavailableException e)
        {
            result = new InvocationResult(InvocationStatus.WorkerLost, e.Message);
        }

        var duration = (long)time.GetElapsedTime(started).TotalMilliseconds;
        if (result.Succeeded)
        {
            HostLog.InvocationSucceeded(logger, invocation.FunctionName, invocation.InvocationId, duration);
        }
        else
        {
            HostLog.InvocationFailed(logger, invocation.FunctionName, result.Status.ToString(), invocation.InvocationId, duration, result.Error ?? string.Empty);
        }

        return result;
    }

    private static string Describe(StatusResult? result) =>
        result?.Exception is { } e ? $"{e.Type}: {e.Message}" : result?.Result ?? "no result";
}
