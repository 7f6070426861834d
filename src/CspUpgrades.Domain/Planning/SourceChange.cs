using System.Text.Json.Serialization;

namespace CspUpgrades.Domain.Planning;

/// <summary>What an upgrade does to the source: closes it (all seats moved) or reduces it (some moved).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SourceChange>))]
public enum SourceChange
{
    [JsonStringEnumMemberName("closed")]
    Closed,

    [JsonStringEnumMemberName("reduced")]
    Reduced,
}
