using CspUpgrades.Functions.Hosting;

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

    /// <summary>
    /// Local runs and tests only: when set, replaces host.json's <c>visibilityTimeout</c> (how long a failed
    /// message stays hidden before its next delivery), so a test can watch five deliveries reach the poison
    /// queue in a second instead of two minutes. Unset, the runner applies host.json as the host does.
    /// </summary>
    public TimeSpan? RetryVisibilityTimeout { get; set; }

    /// <summary>
    /// Local runs and tests only: when set, replaces host.json's <c>maxPollingInterval</c> (the longest wait
    /// between empty polls). Unset, the runner applies host.json as the host does.
    /// </summary>
    public TimeSpan? MaxPollingInterval { get; set; }

    /// <summary>host.json's queue settings with this runner's overrides, if any, applied.</summary>
    public QueueHostSettings Apply(QueueHostSettings fromHostJson)
    {
        ArgumentNullException.ThrowIfNull(fromHostJson);
        return fromHostJson with
        {
            VisibilityTimeout = RetryVisibilityTimeout ?? fromHostJson.VisibilityTimeout,
            MaxPollingInterval = MaxPollingInterval ?? fromHostJson.MaxPollingInterval,
        };
    }
}
