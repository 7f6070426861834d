using System.Text.Json.Serialization;

namespace CspUpgrades.Domain.Billing;

/// <summary>A credit gives back the unused part of a period (its amount is negative); a charge bills it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BillingLineKind>))]
public enum BillingLineKind
{
    [JsonStringEnumMemberName("credit")]
    Credit,

    [JsonStringEnumMemberName("charge")]
    Charge,
}
