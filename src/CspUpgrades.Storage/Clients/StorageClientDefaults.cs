using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using CspUpgrades.Storage.Diagnostics;

namespace CspUpgrades.Storage.Clients;

/// <summary>
/// The options every storage client of the app gets, wherever it is built (the app's <c>AddAzureClients</c>
/// registration, the CLI, tests): the SDK's own retry tuned for a function invocation, the request counter (the storage metrics) as a
/// per-retry pipeline policy, and base64 queue messages (what the Functions queue trigger reads by default).
/// </summary>
public static class StorageClientDefaults
{
    /// <summary>
    /// Exponential backoff from 0.2 s, at most 10 s between attempts, 5 retries (6 attempts, ~6 s of waiting in the
    /// worst case before the jitter): a busy partition or a lost answer is ridden out inside one invocation, and a real
    /// outage fails the invocation within seconds so the host's own retry (queue visibility, HTTP caller) takes over.
    /// The SDK's defaults (0.8 s, 3 retries, 1 min, 100 s network timeout) are tuned for batch jobs, not for a request a
    /// partner waits on. 30 s per attempt: a healthy Table or Queue request answers in milliseconds; a write that timed out
    /// may still have been applied, which every store tolerates (deterministic keys, insert-only claims, ETags).
    /// </summary>
    public static void ConfigureRetry(RetryOptions retry)
    {
        ArgumentNullException.ThrowIfNull(retry);
        retry.Mode = RetryMode.Exponential;
        retry.MaxRetries = 5;
        retry.Delay = TimeSpan.FromSeconds(0.2);
        retry.MaxDelay = TimeSpan.FromSeconds(10);
        retry.NetworkTimeout = TimeSpan.FromSeconds(30);
    }

    /// <summary>Retry and logged headers for any storage client (the shared part of <see cref="Configure(TableClientOptions)"/> and
    /// <see cref="Configure(QueueClientOptions)"/>).</summary>
    public static void ConfigureCommon(ClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ConfigureRetry(options.Retry);
        foreach (var header in new[] { "x-ms-error-code", "x-ms-continuation-NextPartitionKey", "x-ms-continuation-NextRowKey", "x-ms-approximate-messages-count", "x-ms-time-next-visible", "Preference-Applied", "DataServiceVersion" })
        {
            options.Diagnostics.LoggedHeaderNames.Add(header);
        }

        foreach (var parameter in new[] { "$top", "$select", "NextPartitionKey", "NextRowKey", "comp", "numofmessages", "visibilitytimeout", "messagettl", "peekonly" })
        {
            options.Diagnostics.LoggedQueryParameters.Add(parameter);
        }
    }

    public static TableClientOptions Configure(TableClientOptions options)
    {
        ConfigureCommon(options);
        options.AddPolicy(StorageRequestCounter.Instance, HttpPipelinePosition.PerRetry);
        return options;
    }

    public static QueueClientOptions Configure(QueueClientOptions options)
    {
        ConfigureCommon(options);
        options.MessageEncoding = QueueMessageEncoding.Base64;
        options.AddPolicy(StorageRequestCounter.Instance, HttpPipelinePosition.PerRetry);
        return options;
    }

    public static TableClientOptions TableOptions() => Configure(new TableClientOptions());

    public static QueueClientOptions QueueOptions() => Configure(new QueueClientOptions());
}
