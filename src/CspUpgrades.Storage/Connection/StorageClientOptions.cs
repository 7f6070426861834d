using Azure.Core;

namespace CspUpgrades.Storage.Connection;

/// <summary>
/// Options for <c>TableClient</c> and <c>QueueClient</c>: Azure.Core's retry (exponential backoff on
/// 408/429/500/502/503/504, timeouts and I/O errors), diagnostics and transport. Extra policies go in
/// through <see cref="ClientOptions.AddPolicy"/> (tests inject faults with <see cref="HttpPipelinePosition.PerRetry"/>);
/// a custom <see cref="ClientOptions.Transport"/> replaces the shared pooled HttpClient.
/// </summary>
public class StorageClientOptions : ClientOptions
{
    public StorageClientOptions()
    {
        Retry.Mode = RetryMode.Exponential;
        Retry.MaxRetries = 5;
        Retry.Delay = TimeSpan.FromSeconds(0.2);
        Retry.MaxDelay = TimeSpan.FromSeconds(10);
        Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
        Transport = StorageTransport.Shared;

        foreach (var header in new[] { "x-ms-error-code", "x-ms-continuation-NextPartitionKey", "x-ms-continuation-NextRowKey", "x-ms-approximate-messages-count", "x-ms-time-next-visible", "Preference-Applied", "DataServiceVersion" })
        {
            Diagnostics.LoggedHeaderNames.Add(header);
        }

        foreach (var parameter in new[] { "$top", "$select", "comp", "numofmessages", "visibilitytimeout", "messagettl", "peekonly" })
        {
            Diagnostics.LoggedQueryParameters.Add(parameter);
        }
    }

    /// <summary>The clock that dates signed requests (x-ms-date).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
