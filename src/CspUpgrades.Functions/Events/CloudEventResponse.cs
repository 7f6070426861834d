using System.Text.Json;
using System.Text.Json.Serialization;
using CspUpgrades.Storage.Outbox;

namespace CspUpgrades.Functions.Events;

/// <summary>
/// An event in the CloudEvents 1.0 JSON format (structured mode), as the feed returns it. The attribute names are the
/// specification's, lower-case; <c>partnerid</c> is this app's extension attribute. Service Bus carries the same attributes
/// as message properties (docs/EVENTS.md).
/// </summary>
public sealed record CloudEventResponse(
    [property: JsonPropertyName("specversion")] string SpecVersion,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("time")] DateTimeOffset Time,
    [property: JsonPropertyName("datacontenttype")] string DataContentType,
    [property: JsonPropertyName("partnerid")] string PartnerId,
    [property: JsonPropertyName("data")] JsonElement Data)
{
    /// <summary>The event as <see cref="PartnerCloudEvents"/> builds it for every transport: the feed and Service Bus carry the same attributes.</summary>
    public static CloudEventResponse From(PartnerEvent partnerEvent)
    {
        var cloudEvent = PartnerCloudEvents.From(partnerEvent);
        using var data = JsonDocument.Parse((string)cloudEvent.Data!);
        return new(
            cloudEvent.SpecVersion.VersionId, cloudEvent.Id!, cloudEvent.Source!.OriginalString, cloudEvent.Type!, cloudEvent.Subject!,
            cloudEvent.Time!.Value, cloudEvent.DataContentType!, (string)cloudEvent[PartnerCloudEvents.PartnerIdAttribute]!, data.RootElement.Clone());
    }
}
