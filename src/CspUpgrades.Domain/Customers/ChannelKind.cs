using System.Text.Json.Serialization;

namespace CspUpgrades.Domain.Customers;

/// <summary>Through whom the customer holds a subscription ("multichannel").</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ChannelKind>))]
public enum ChannelKind
{
    [JsonStringEnumMemberName("this_partner")]
    ThisPartner,

    [JsonStringEnumMemberName("other_partner")]
    OtherPartner,

    [JsonStringEnumMemberName("direct")]
    Direct,
}
