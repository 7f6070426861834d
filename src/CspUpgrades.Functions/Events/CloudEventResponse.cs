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
    public const string CloudEventsVersion = "1.0";

    public static CloudEventResponse From(PartnerEvent partnerEvent)
    {
        ArgumentNullException.ThrowIfNull(partnerEvent);
        using var data = JsonDocument.Parse(partnerEvent.Data);
        return new(
            CloudEventsVersion, partnerEvent.Id, PartnerEventData.Source, partnerEvent.Type, partnerEvent.Subject, partnerEvent.Time,
            "application/json", partnerEvent.Partner.Value, data.RootElement.Clone());
    }
}
