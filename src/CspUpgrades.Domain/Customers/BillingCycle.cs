using System.Text.Json.Serialization;

namespace CspUpgrades.Domain.Customers;

/// <summary>How often a subscription is billed; its unit price is per license per such period.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BillingCycle>))]
public enum BillingCycle
{
    [JsonStringEnumMemberName("monthly")]
    Monthly,

    [JsonStringEnumMemberName("annual")]
    Annual,
}
