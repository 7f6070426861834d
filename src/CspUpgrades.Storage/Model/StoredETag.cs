using Azure;

namespace CspUpgrades.Storage.Model;

/// <summary>The SDK's writes answer a <see cref="Response"/>; the entity's new version is its ETag header.</summary>
internal static class StoredETag
{
    public static ETag Of(Response response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.Headers.ETag ?? throw new InvalidOperationException($"Storage answered a write with {response.Status} but no ETag.");
    }
}
