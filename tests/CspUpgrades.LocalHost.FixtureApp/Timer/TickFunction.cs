using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CspUpgrades.LocalHost.FixtureApp.Timer;

/// <summary>A timer function on the schedule in the <c>TickSchedule</c> setting; logs what the host told it.</summary>
public sealed class TickFunction(ILogger<TickFunction> logger)
{
    [Function(nameof(Tick))]
    public void Tick([TimerTrigger("%TickSchedule%")] TimerInfo timer)
    {
        ArgumentNullException.ThrowIfNull(timer);
        FixtureLog.Ticked(logger, timer.IsPastDue, timer.ScheduleStatus?.Last, timer.ScheduleStatus?.Next);
    }

    /// <summary>A timer function that runs longer than its schedule's period (SlowTickSchedule): shows one run at a time and IsPastDue.</summary>
    [Function(nameof(SlowTick))]
    public async Task SlowTick([TimerTrigger("%SlowTickSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        FixtureLog.SlowTickStarted(logger, timer.IsPastDue);
        await Task.Delay(2500, cancellationToken);
    }
}
