using System.Globalization;
using Azure.Core;
using Azure.Core.Pipeline;

namespace CspUpgrades.Storage.Connection;

/// <summary>Stamps every attempt with a fresh <c>x-ms-date</c> (the signature covers it, and the service rejects stale dates).</summary>
internal sealed class StorageDatePolicy(TimeProvider time) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message) =>
        message.Request.Headers.SetValue("x-ms-date", time.GetUtcNow().ToString("r", CultureInfo.InvariantCulture));
}
