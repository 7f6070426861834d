using Microsoft.Extensions.Options;

namespace CspUpgrades.Functions.ExecuteUpgrade;

/// <summary>
/// Test-only crash injection: with <c>Testing:CrashAtUpgradeStep</c> set, the worker dies at that step
/// (<see cref="Environment.FailFast(string)"/>, no exception anyone could catch), so tests can prove that the host's
/// restart and the message's redelivery finish the job. It fires on a message's first delivery only: the queue
/// function announces its dequeue count (<see cref="Delivering"/>), and the redelivery after the crash — same
/// settings, since the host restarts the worker with them — runs through, instead of crashing again until the message
/// is poisoned.
/// Unset in every real deployment; the setting is documented as test-only.
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
