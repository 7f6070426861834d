using System.Text.Json.Serialization;

namespace CspUpgrades.Storage.History;

/// <summary>What touched a subscription: an upgrade (as its source or as the target it created) or seats added to it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<HistoryEntryKind>))]
public enum HistoryEntryKind
{
    [JsonStringEnumMemberName("upgrade")]
    Upgrade,

    [JsonStringEnumMemberName("licenseAddition")]
    LicenseAddition,
}
