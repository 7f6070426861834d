using System.Text.Json.Serialization;

namespace CspUpgrades.Storage.Events;

/// <summary>What applying a subscription-change event did.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EventOutcome>))]
public enum EventOutcome
{
    [JsonStringEnumMemberName("applied")]
    Applied,

    /// <summary>This event id was applied before: acknowledged, nothing changed.</summary>
    [JsonStringEnumMemberName("duplicate")]
    Duplicate,

    /// <summary>Older than the state already stored (events may arrive out of order): recorded, nothing changed.</summary>
    [JsonStringEnumMemberName("stale")]
    Stale,
}
