namespace CspUpgrades.LocalHost;

/// <summary>The local host's own events, as structured logs (category <c>CspUpgrades.LocalHost</c>).</summary>
internal static partial class HostLog
{
    [LoggerMessage(EventId = HostLogEvents.AppLoaded, Level = LogLevel.Information, Message = "Loaded app {AppDirectory}: {FunctionCount} functions ({Functions})")]
    public static partial void AppLoaded(ILogger logger, string appDirectory, int functionCount, string functions);

    [LoggerMessage(EventId = HostLogEvents.WorkerStarting, Level = LogLevel.Information, Message = "Starting worker {WorkerId} (attempt {Attempt}): {Executable} {Arguments}")]
    public static partial void WorkerStarting(ILogger logger, string workerId, int attempt, string executable, string arguments);

    [LoggerMessage(EventId = HostLogEvents.WorkerStreamOpened, Level = LogLevel.Information, Message = "Worker {WorkerId} opened its stream (StartStream)")]
    public static partial void WorkerStreamOpened(ILogger logger, string workerId);

    [LoggerMessage(EventId = HostLogEvents.WorkerInitialized, Level = LogLevel.Information, Message = "Worker {WorkerId} (process {ProcessId}) connected; worker version {WorkerVersion}, HttpUri {HttpUri}; capabilities {Capabilities}")]
    public static partial void WorkerInitialized(ILogger logger, string workerId, int processId, string workerVersion, string httpUri, string capabilities);

    [LoggerMessage(EventId = HostLogEvents.FunctionLoaded, Level = LogLevel.Information, Message = "Function {Function} loaded ({FunctionId})")]
    public static partial void FunctionLoaded(ILogger logger, string function, string functionId);

    [LoggerMessage(EventId = HostLogEvents.HostReady, Level = LogLevel.Information, Message = "Host ready: worker {WorkerId} (process {ProcessId}) loaded {FunctionCount} functions in {ElapsedMilliseconds} ms")]
    public static partial void HostReady(ILogger logger, string workerId, int processId, int functionCount, long elapsedMilliseconds);

    [LoggerMessage(EventId = HostLogEvents.WorkerDied, Level = LogLevel.Error, Message = "Worker {WorkerId} (process {ProcessId}) exited unexpectedly with code {ExitCode}; {InFlight} invocations in flight failed. Restarting in {BackoffMilliseconds} ms")]
    public static partial void WorkerDied(ILogger logger, string workerId, int processId, int? exitCode, int inFlight, long backoffMilliseconds);

    [LoggerMessage(EventId = HostLogEvents.WorkerStartFailed, Level = LogLevel.Error, Message = "Worker {WorkerId} failed to start: {Reason}. Retrying in {BackoffMilliseconds} ms")]
    public static partial void WorkerStartFailed(ILogger logger, string workerId, string reason, long backoffMilliseconds);

    [LoggerMessage(EventId = HostLogEvents.WorkerTerminating, Level = LogLevel.Information, Message = "Stopping: WorkerTerminate sent to worker {WorkerId} (process {ProcessId}), grace period {GraceMilliseconds} ms")]
    public static partial void WorkerTerminating(ILogger logger, string workerId, int processId, long graceMilliseconds);

    [LoggerMessage(EventId = HostLogEvents.WorkerKilled, Level = LogLevel.Warning, Message = "Worker {WorkerId} (process {ProcessId}) did not exit within its grace period: killed")]
    public static partial void WorkerKilled(ILogger logger, string workerId, int processId);

    [LoggerMessage(EventId = HostLogEvents.WorkerExited, Level = LogLevel.Information, Message = "Worker {WorkerId} (process {ProcessId}) exited with code {ExitCode}")]
    public static partial void WorkerExited(ILogger logger, string workerId, int processId, int? exitCode);

    [LoggerMessage(EventId = HostLogEvents.InvocationStarted, Level = LogLevel.Information, Message = "Executing '{Function}' (Reason='{Reason}', Id={InvocationId})")]
    public static partial void InvocationStarted(ILogger logger, string function, string reason, string invocationId);

    [LoggerMessage(EventId = HostLogEvents.InvocationSucceeded, Level = LogLevel.Information, Message = "Executed '{Function}' (Succeeded, Id={InvocationId}, Duration={DurationMilliseconds}ms)")]
    public static partial void InvocationSucceeded(ILogger logger, string function, string invocationId, long durationMilliseconds);

    [LoggerMessage(EventId = HostLogEvents.InvocationFailed, Level = LogLevel.Error, Message = "Executed '{Function}' ({Status}, Id={InvocationId}, Duration={DurationMilliseconds}ms): {Error}")]
    public static partial void InvocationFailed(ILogger logger, string function, string status, string invocationId, long durationMilliseconds, string error);

    [LoggerMessage(EventId = HostLogEvents.MovedToPoison, Level = LogLevel.Warning, Message = "Message {MessageId} from queue {Queue} moved to {PoisonQueue} after {DequeueCount} deliveries")]
    public static partial void MovedToPoison(ILogger logger, string messageId, string queue, string poisonQueue, long dequeueCount);

    [LoggerMessage(EventId = HostLogEvents.QueueError, Level = LogLevel.Warning, Message = "Queue {Queue} for function {Function}: {Error}")]
    public static partial void QueueError(ILogger logger, string queue, string function, string error);

    [LoggerMessage(EventId = HostLogEvents.TimerScheduled, Level = LogLevel.Information, Message = "Timer {Function} scheduled '{Schedule}'; next occurrence {Next:O}")]
    public static partial void TimerScheduled(ILogger logger, string function, string schedule, DateTimeOffset next);

    [LoggerMessage(EventId = HostLogEvents.HttpListening, Level = LogLevel.Information, Message = "HTTP functions on {BaseAddress}: {Routes}")]
    public static partial void HttpListening(ILogger logger, string baseAddress, string routes);

    [LoggerMessage(EventId = HostLogEvents.InvocationCancelling, Level = LogLevel.Information, Message = "Invocation {InvocationId} of {Function} cancelled: {Reason}")]
    public static partial void InvocationCancelling(ILogger logger, string invocationId, string function, string reason);

    [LoggerMessage(EventId = HostLogEvents.WorkerOutput, Level = LogLevel.Information, Message = "Worker {WorkerId} output: {Line}")]
    public static partial void WorkerOutput(ILogger logger, string workerId, string line);

    [LoggerMessage(EventId = HostLogEvents.HostStopped, Level = LogLevel.Information, Message = "Host stopped")]
    public static partial void HostStopped(ILogger logger);

    [LoggerMessage(EventId = HostLogEvents.HttpAbortedAfterFailure, Level = LogLevel.Warning, Message = "Invocation {InvocationId} of {Function} failed after its HTTP response had started: connection aborted")]
    public static partial void HttpAbortedAfterFailure(ILogger logger, string invocationId, string function);

    [LoggerMessage(EventId = HostLogEvents.ForwardFailed, Level = LogLevel.Warning, Message = "Forwarding {Function} ({InvocationId}) to the worker failed: {Error} {Reason}")]
    public static partial void ForwardFailed(ILogger logger, string function, string invocationId, string error, string reason);

    [LoggerMessage(EventId = HostLogEvents.AdminInvoked, Level = LogLevel.Information, Message = "Admin: {Function} fired now")]
    public static partial void AdminInvoked(ILogger logger, string function);

    [LoggerMessage(EventId = HostLogEvents.FunctionDisabled, Level = LogLevel.Information, Message = "Function {Function} is disabled (AzureWebJobs.{Function}.Disabled): no trigger fires it")]
    public static partial void FunctionDisabled(ILogger logger, string function);

    [LoggerMessage(EventId = HostLogEvents.InProcessWorkerFailed, Level = LogLevel.Error, Message = "In-process worker {WorkerId} {What}")]
    public static partial void InProcessWorkerFailed(ILogger logger, string workerId, string what, Exception exception);
}

/// <summary>The worker's RpcLog lines, under the category the worker gave (for example <c>Function.Work.User</c>).</summary>
internal static partial class WorkerLog
{
    [LoggerMessage(EventId = HostLogEvents.InvocationLog, Message = "[{Function} {InvocationId}] {Message}")]
    public static partial void InvocationLog(ILogger logger, LogLevel level, string function, string invocationId, string message);

    [LoggerMessage(EventId = HostLogEvents.SystemLog, Message = "[worker] {Message}")]
    public static partial void SystemLog(ILogger logger, LogLevel level, string message);
}
