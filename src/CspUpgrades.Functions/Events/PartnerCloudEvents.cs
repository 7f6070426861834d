using System.Net.Mime;
using CloudNative.CloudEvents;
using CspUpgrades.Storage.Outbox;

namespace CspUpgrades.Functions.Events;

/// <summary>
/// A committed <see cref="PartnerEvent"/> as a CloudEvents 1.0 event, built and validated by the CloudEvents SDK: the required
/// attributes, the <c>subject</c> and <c>time</c>, <c>datacontenttype</c> <c>application/json</c>, and the <c>partnerid</c>
/// extension attribute a distributor filters on. Every transport (Service Bus here) maps this one event.
/// </summary>
public static class PartnerCloudEvents
{
    /// <summary>The CloudEvents <c>source</c> of every event: this app (the id alone is unique within it, being derived from the fact).</summary>
    public static readonly Uri Source = new("/cspupgrades", UriKind.Relative);

    /// <summary>The <c>partnerid</c> extension attribute: the partner whose fact this is (CloudEvents names are lower-case letters and digits).</summary>
    public static readonly CloudEventAttribute PartnerIdAttribute = CloudEventAttribute.CreateExtension("partnerid", CloudEventAttributeType.String);

    /// <summary>The CloudEvent of <paramref name="partnerEvent"/> (its data stays the JSON text it was committed with).</summary>
    /// <exception cref="InvalidOperationException">A required attribute is missing (the CloudEvents SDK's validation).</exception>
    public static CloudEvent From(PartnerEvent partnerEvent)
    {
        ArgumentNullException.ThrowIfNull(partnerEvent);
        var cloudEvent = new CloudEvent(CloudEventsSpecVersion.V1_0, [PartnerIdAttribute])
        {
            Id = partnerEvent.Id,
            Type = partnerEvent.Type,
            Source = Source,
            Subject = partnerEvent.Subject,
            Time = partnerEvent.Time,
            DataContentType = MediaTypeNames.Application.Json,
            Data = partnerEvent.Data,
            [PartnerIdAttribute] = partnerEvent.Partner.Value,
        };
        return cloudEvent.Validate();
    }
}
