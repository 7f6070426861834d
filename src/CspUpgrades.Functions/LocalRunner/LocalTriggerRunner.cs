using Azure.Storage.Queues;
using CspUpgrades.Functions.Composition;
using CspUpgrades.Functions.Hosting;
using Microsoft.Extensions.Options;

namespace CspUpgrades.Functions.LocalRunner;

/// <summary>
/// Stands in for the Functions host's triggers when the app runs on its own (locally, in tests):
/// polls every queue function's queue and fires every timer function, delivering each invocation
/// through the same <c>POST /{FunctionName}</c> path the host uses. Under the host it does nothing.
/// </summary>
public sealed partial class LocalTriggerRunner(
    IConfiguration configuration,
    IOptions<LocalRunnerOptions> options,
    IHostApplicationLifetime lifetime,
    IHostEnvironment environment,
    QueueServiceClient queues,
    InvocationDispatcher dispatcher,
    TimeProvider time,
    ILogger<LocalTriggerRunner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (HostingMode.IsStartedByFunctionsHost(configuration) || !options.Value.Enabled)
        {
            return;
        }

        if (!await ApplicationStartedAsync(stoppingToken))
        {
            return;
        }

        var hostSettings = options.Value.Apply(QueueHostSettings.Load(Path.Combine(AppContext.BaseDirectory, "host.json")));
        var runs = FunctionManifest.All
            .Where(function => function.Trigger is not HttpTrigger)
            .Select(function => function.Trigger switch
            {
                QueueTrigger queue => Poller(function.Name, queue, hostSettings).RunAsync(stoppingToken),
                TimerTrigger timer => Scheduler(function.Name, timer).RunAsync(stoppingToken),
                _ => throw new InvalidOperationException($"{function.Name} has an unknown trigger."),
            }).ToList();
        LogStarted(logger, environment.EnvironmentName, runs.Count);

        try
        {
            await Task.WhenAll(runs);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Normal shutdown.
        }
    }

    private QueuePoller Poller(string functionName, QueueTrigger trigger, QueueHostSettings hostSettings) =>
        new(functionName,
            queues.GetQueueClient(trigger.QueueName),
            queues.GetQueueClient(trigger.QueueName + "-poison"),
            hostSettings,
            options.Value,
            dispatcher,
            time,
            logger);

    private TimerScheduler Scheduler(string functionName, TimerTrigger trigger) =>
        new(functionName,
            TimerScheduler.Parse(configuration[trigger.ScheduleSetting] ?? trigger.DefaultSchedule),
            dispatcher,
            time,
            logger);

    private async Task<bool> ApplicationStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using var onStarted = lifetime.ApplicationStarted.Register(started.SetResult);
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled());
        try
        {
            await started.Task;
            return true;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Local trigger runner started ({Environment}): {Count} queue and timer functions")]
    private static partial void LogStarted(ILogger logger, string environment, int count);
}
