using System.Text.Json.Serialization;

namespace CspUpgrades.Functions.Hosting;

/// <summary>The answer to a host invocation. A non-2xx HTTP status fails the invocation (queue: retried, then poison).</summary>
public sealed class InvocationResponse
{
    [JsonPropertyName("Outputs")]
    public Dictionary<string, object?> Outputs { get; init; } = [];

    [JsonPropertyName("Logs")]
    public List<string> Logs { get; init; } = [];

    [JsonPropertyName("ReturnValue")]
    public object? ReturnValue { get; init; }
}
