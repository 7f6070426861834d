using Microsoft.Extensions.Options;

namespace CspUpgrades.Functions.ExecuteUpgrade;

/// <summary>
/// Test-only crash injection: with <c>Testing:CrashAtUpgradeStep</c> set, the worker dies at that step
/// (<see cref="Environment.FailFast(string)"/>, no exception anyone could catch), so tests can prove that the host's
/// restart and the message's redelivery finish the job. It fires on a message's first delivery only: the queue
/// function announces its dequeue count (<see cref="Delivering"/>), and the redelivery after the crash — same
/// settings, since the host restarts the worker with them — runs through, instead of crashing again until the message
/// is poisoned.
/// Unset in every real deployment; the setting is documented as test-only, and the app refuses to start with it set
/// outside the <c>Development</c> environment (<see cref="UpgradeFaultOptionsValidation.RefusedOutsideDevelopment"/>). It stays in the
/// product because nothing simpler proves the crash tests: only the worker itself can die between two given storage
/// requests of one upgrade.
/// </summary>
public class UpgradeFaults(IOptions<UpgradeFaultOptions> options)
{
    private readonly AsyncLocal<long?> _delivery = new();

    /// <summary>Which delivery of its message the current invocation handles (the queue's dequeue count, from 1).</summary>
    public void Delivering(long dequeueCount) => _delivery.Value = dequeueCount;

    public virtual void At(UpgradeStep reached)
    {
        if (options.Value.CrashAtUpgradeStep == reached && _delivery.Value is not > 1)
        {
            Environment.FailFast($"Injected crash at upgrade step {reached} (Testing:CrashAtUpgradeStep, delivery {_delivery.Value}).");
        }
    }
}

public sealed class UpgradeFaultOptions
{
    public const string Section = "Testing";

    public UpgradeStep? CrashAtUpgradeStep { get; set; }
}

public static class UpgradeFaultOptionsValidation
{
    /// <summary>Refuses a crash step outside the <c>Development</c> environment, when the app starts (<c>ValidateOnStart</c>).</summary>
    public static OptionsBuilder<UpgradeFaultOptions> RefusedOutsideDevelopment(this OptionsBuilder<UpgradeFaultOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options
            .Validate<IHostEnvironment>(
                (faults, environment) => faults.CrashAtUpgradeStep is null || environment.IsDevelopment(),
                "Testing:CrashAtUpgradeStep kills the worker in the middle of an upgrade: tests only, refused outside the Development environment.")
            .ValidateOnStart();
    }
}
