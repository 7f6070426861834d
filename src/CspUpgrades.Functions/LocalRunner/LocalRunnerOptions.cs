namespace CspUpgrades.Functions.LocalRunner;

/// <summary>Settings of the local trigger runner (section <c>LocalRunner</c>); never used under the Functions host.</summary>
public sealed class LocalRunnerOptions
{
    public const string Section = "LocalRunner";

    /// <summary>Off lets tests drive the host envelopes themselves.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long a received message stays invisible; renewed at half time while the function runs.</summary>
    public TimeSpan MessageLease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The first wait after an empty poll; doubles up to host.json's maxPollingInterval.</summary>
    public TimeSpan MinPollingInterval { get; set; } = TimeSpan.FromMilliseconds(100);
}
