using System.Text.Json;
using System.Text.Json.Serialization;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Storage.Operations;

namespace CspUpgrades.Functions.Upgrades;

/// <summary>
/// The queue message that asks for an upgrade to be carried out: ids only (the operation row holds the
/// rest; the source id lets the executor claim before it reads), and the request's trace context. Wrapped in one top-level property because the Functions
/// host copies a JSON message's top-level properties into the invocation metadata, where bare names
/// such as "Id" would shadow the host's own keys.
/// </summary>
public sealed record UpgradeMessage(
    [property: JsonPropertyName("operationId")] OperationId OperationId,
    [property: JsonPropertyName("partnerId")] PartnerId PartnerId,
    [property: JsonPropertyName("customerId")] CustomerId CustomerId,
    [property: JsonPropertyName("sourceSubscriptionId")] SubscriptionId SourceSubscriptionId,
    [property: JsonPropertyName("traceparent")] string? TraceParent = null)
{
    /// <summary>The message that carries out <paramref name="operation"/>.</summary>
    public static UpgradeMessage For(UpgradeOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return new(operation.Id, operation.PartnerId, operation.CustomerId, operation.Request.SourceSubscriptionId, operation.TraceParent);
    }

    private sealed record Envelope([property: JsonPropertyName("upgradeRequest")] UpgradeMessage? UpgradeRequest);

    public string ToQueueText() => JsonSerializer.Serialize(new Envelope(this));

    /// <summary>Null when the text is not an upgrade message (malformed or foreign): such a message can never succeed.</summary>
    public static UpgradeMessage? FromQueueText(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<Envelope>(text)?.UpgradeRequest is { } message && message.HasEveryId()
                ? message
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // A missing id deserializes as default (a null value), which no key may carry.
    private bool HasEveryId() =>
        OperationId.Value is not null && PartnerId.Value is not null && CustomerId.Value is not null && SourceSubscriptionId.Value is not null;
}
