using Azure;

namespace CspUpgrades.Storage.Tests.Support;

public static class Responses
{
    /// <summary>The ETag a write answered with (the SDK's writes return the raw response).</summary>
    public static ETag ETag(this Response response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.Headers.ETag ?? throw new InvalidOperationException($"No ETag in a {response.Status} answer.");
    }
}
