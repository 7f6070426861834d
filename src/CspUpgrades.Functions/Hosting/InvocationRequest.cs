using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CspUpgrades.Functions.Hosting;

/// <summary>
/// The body the Functions host POSTs to <c>/{FunctionName}</c> for every non-HTTP trigger:
/// <c>{"Data": {bindingName: value}, "Metadata": {...}}</c>.
/// </summary>
public sealed class InvocationRequest
{
    public const string QueueMessageBinding = "msg";
    public const string TimerBinding = "timer";

    [JsonPropertyName("Data")]
    public Dictionary<string, JsonElement> Data { get; init; } = [];

    [JsonPropertyName("Metadata")]
    public Dictionary<string, JsonElement> Metadata { get; init; } = [];

    /// <summary>
    /// The queue message text. The host JSON-encodes a string message inside the JSON
    /// (<c>"msg": "\"{\\\"a\\\":1}\""</c>); a message it parsed as JSON may arrive as an object.
    /// </summary>
    public string? QueueMessageText() =>
        Data.TryGetValue(QueueMessageBinding, out var value) ? UnwrapString(value) : null;

    /// <summary>How many times the host has delivered this message (metadata values arrive as strings).</summary>
    public int DequeueCount() => MetadataInt("DequeueCount") ?? 1;

    public string? MetadataString(string key) =>
        Metadata.TryGetValue(key, out var value) ? UnwrapString(value) : null;

    public int? MetadataInt(string key) =>
        int.TryParse(MetadataString(key), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static string? UnwrapString(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                var text = value.GetString()!;
                return LooksLikeJsonString(text) ? JsonSerializer.Deserialize<string>(text) : text;
            case JsonValueKind.Null:
            case JsonValueKind.Undefined:
                return null;
            default:
                return value.GetRawText();
        }
    }

    private static bool LooksLikeJsonString(string text) =>
        text.Length >= 2 && text[0] == '"' && text[^1] == '"';
}
