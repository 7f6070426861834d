using System.Text.Json.Serialization;

namespace CspUpgrades.Domain.Customers;

/// <summary>Status as Partner Center reports it (Partner Center calls a cancelled subscription "deleted").</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SubscriptionStatus>))]
public enum SubscriptionStatus
{
    [JsonStringEnumMemberName("active")]
    Active,

    /// <summary>Disabled but still in the customer's tenant with its licenses; it can be reactivated.</summary>
    [JsonStringEnumMemberName("suspended")]
    Suspended,

    /// <summary>Gone from the customer's tenant: it holds nothing and blocks nothing.</summary>
    [JsonStringEnumMemberName("cancelled")]
    Cancelled,

    /// <summary>Ordered but not provisioned yet.</summary>
    [JsonStringEnumMemberName("pending")]
    Pending,
}
