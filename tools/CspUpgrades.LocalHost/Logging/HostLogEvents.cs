namespace CspUpgrades.LocalHost;

/// <summary>
/// The ids of the local host's log events (<see cref="HostLog"/>, <see cref="WorkerLog"/>), defined once: the host logs them,
/// and whoever reads its log (tests, the benchmark) matches on these. Unique within the host's category
/// (<see cref="LocalFunctionsHost.LoggerCategory"/>); the worker's lines (<see cref="InvocationLog"/>, <see cref="SystemLog"/>)
/// carry the worker's categories.
/// </summary>
public static class HostLogEvents
{
    public const int AppLoaded = 1;

    public const int WorkerStarting = 2;

    public const int WorkerInitialized = 3;

    public const int FunctionLoaded = 4;

    public const int HostReady = 5;

    public const int WorkerDied = 6;

    public const int WorkerStartFailed = 7;

    public const int WorkerTerminating = 8;

    public const int WorkerKilled = 9;

    public const int WorkerExited = 10;

    public const int InvocationStarted = 11;

    public const int InvocationSucceeded = 12;

    public const int InvocationFailed = 13;

    public const int MovedToPoison = 14;

    public const int QueueError = 15;

    public const int TimerScheduled = 16;

    public const int HttpListening = 17;

    public const int InvocationCancelling = 18;

    public const int WorkerOutput = 19;

    public const int HostStopped = 20;

    public const int HttpAbortedAfterFailure = 21;

    public const int AdminInvoked = 22;

    public const int ForwardFailed = 23;

    public const int InProcessWorkerFailed = 24;

    public const int FunctionDisabled = 25;

    public const int WorkerStreamOpened = 26;

    /// <summary>A line the worker logged inside an invocation (<c>Function</c>, <c>InvocationId</c>, <c>Message</c>), under the worker's category.</summary>
    public const int InvocationLog = 100;

    /// <summary>A line the worker logged outside any invocation, under the worker's category.</summary>
    public const int SystemLog = 101;
}
