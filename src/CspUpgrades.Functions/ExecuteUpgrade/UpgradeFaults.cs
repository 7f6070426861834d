using Microsoft.Extensions.Options;

namespace CspUpgrades.Functions.ExecuteUpgrade;

/// <summary>
/// Test-only crash injection: with <c>Testing:CrashAtUpgradeStep</c> set, the process dies at that
/// step (<see cref="Environment.FailFast(string)"/>, no exception anyone could catch), so tests can
/// prove a redelivery finishes the job. Unset in every real deployment; the setting is documented as test-only.
/// </summary>
public class UpgradeFaults(IOptions<UpgradeFaultOptions> options)
{
    public virtual void At(UpgradeStep reached)
    {
        if (options.Value.CrashAtUpgradeStep == reached)
        {
            Environment.FailFast($"Injected crash at upgrade step {reached} (Testing:CrashAtUpgradeStep).");
        }
    }
}

public sealed class UpgradeFaultOptions
{
    public const string Section = "Testing";

    public UpgradeStep? CrashAtUpgradeStep { get; set; }
}
