namespace CspUpgrades.LocalHost.Invocations;

/// <summary>A trigger the admin API can fire now (<c>POST /admin/functions/{name}</c>).</summary>
internal interface IManualTrigger
{
    string FunctionName { get; }

    /// <summary>Starts one invocation with <paramref name="input"/> and returns without waiting for it to finish.</summary>
    void FireNow(string? input);
}
