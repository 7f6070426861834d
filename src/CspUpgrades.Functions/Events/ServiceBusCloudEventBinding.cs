using Azure.Messaging.ServiceBus;
using CloudNative.CloudEvents;
using CspUpgrades.Storage.Outbox;

namespace CspUpgrades.Functions.Events;

/// <summary>
/// A <see cref="PartnerEvent"/> as a Service Bus message in the CloudEvents AMQP protocol binding's <em>binary</em> content
/// mode: the event's data (UTF-8 JSON) is the body, <c>datacontenttype</c> is the message's <c>ContentType</c>, and every
/// other attribute is an application property named <c>cloudEvents_{attribute}</c>. Service Bus' own fields carry what the
/// broker acts on: <c>MessageId</c> = the event id (duplicate detection), <c>SessionId</c> = the subscription (one
/// subscription's events in order), <c>Subject</c> = the event subject.
/// </summary>
public static class ServiceBusCloudEventBinding
{
    /// <summary>
    /// The binding (1.0.3) allows <c>cloudEvents_</c> or <c>cloudEvents:</c> and prefers the underscore, for JMS selectors,
    /// where ':' is not allowed in a property name. Service Bus' SQL filters are the same kind: a regular identifier is letters,
    /// digits and '_', so <c>cloudEvents_partnerid = 'contoso'</c> filters as written, where a ':' name would need brackets.
    /// </summary>
    public const string PropertyPrefix = "cloudEvents_";

    /// <summary>The session of events that belong to no subscription (an audit run's). '$' is outside every id's characters,
    /// so no subscription's session can be this one.</summary>
    public const string AuditSessionId = "$audit";

    /// <summary>The application property a topic subscription's SQL filter selects one partner's events by.</summary>
    public static string PartnerIdProperty => PropertyPrefix + PartnerCloudEvents.PartnerIdAttribute.Name;

    public static ServiceBusMessage ToMessage(PartnerEvent partnerEvent)
    {
        var cloudEvent = PartnerCloudEvents.From(partnerEvent);
        var message = new ServiceBusMessage(BinaryData.FromString(partnerEvent.Data))
        {
            MessageId = partnerEvent.Id,
            SessionId = partnerEvent.SubscriptionId?.Value ?? AuditSessionId,
            Subject = partnerEvent.Subject,
            ContentType = cloudEvent.DataContentType,
        };

        message.ApplicationProperties[PropertyPrefix + CloudEventsSpecVersion.SpecVersionAttribute.Name] = cloudEvent.SpecVersion.VersionId;
        foreach (var (attribute, value) in cloudEvent.GetPopulatedAttributes())
        {
            if (attribute != cloudEvent.SpecVersion.DataContentTypeAttribute)
            {
                message.ApplicationProperties[PropertyPrefix + attribute.Name] = AmqpValue(attribute, value);
            }
        }

        return message;
    }

    // The binding's type mapping: Timestamp is an AMQP timestamp, which the SDK writes for a UTC DateTime (a DateTimeOffset
    // would become Service Bus' own described type); URIs are AMQP strings; strings, integers and booleans map as they are.
    private static object AmqpValue(CloudEventAttribute attribute, object value) => value switch
    {
        DateTimeOffset time => time.UtcDateTime,
        Uri => attribute.Format(value),
        _ => value,
    };
}
