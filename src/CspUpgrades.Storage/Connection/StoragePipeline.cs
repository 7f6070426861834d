using Azure.Core;
using Azure.Core.Pipeline;
using CspUpgrades.Storage.Diagnostics;

namespace CspUpgrades.Storage.Connection;

internal enum StorageService
{
    Table,
    Queue,
}

/// <summary>
/// Builds the Azure.Core pipeline every storage client uses. Order per attempt, after the retry policy:
/// the request counter, a fresh x-ms-date, then authorization (signature or bearer token), then any
/// per-retry policies from the options, then logging and the transport.
/// </summary>
internal static class StoragePipeline
{
    public static HttpPipeline Build(StorageConnection connection, StorageClientOptions options, StorageService service)
    {
        var pipelineOptions = new HttpPipelineOptions(options) { RequestFailedDetailsParser = StorageErrorParser.Instance };
        pipelineOptions.PerRetryPolicies.Add(StorageRequestCounter.Shared);
        pipelineOptions.PerRetryPolicies.Add(new StorageDatePolicy(options.TimeProvider));
        pipelineOptions.PerRetryPolicies.Add(Authorization(connection, service));
        return HttpPipelineBuilder.Build(pipelineOptions);
    }

    private static HttpPipelinePolicy Authorization(StorageConnection connection, StorageService service)
    {
        if (connection.Credential is not null)
        {
            return new BearerTokenAuthenticationPolicy(connection.Credential, StorageConnection.StorageScope);
        }

        var key = connection.SharedKey ?? throw new InvalidOperationException("The connection has neither a key nor a credential.");
        return service == StorageService.Table
            ? new TableSharedKeyLitePolicy(key)
            : new QueueSharedKeyPolicy(key);
    }
}
