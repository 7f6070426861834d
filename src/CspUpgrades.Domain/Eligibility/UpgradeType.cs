using System.Text.Json.Serialization;

namespace CspUpgrades.Domain.Eligibility;

/// <summary>The two ways Partner Center offers every upgrade.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<UpgradeType>))]
public enum UpgradeType
{
    /// <summary>Buy the target and close (or reduce) the source; no license is moved, the partner reassigns users.</summary>
    [JsonStringEnumMemberName("upgrade_only")]
    UpgradeOnly,

    /// <summary>As <see cref="UpgradeOnly"/>, and users whose services the target covers are moved automatically.</summary>
    [JsonStringEnumMemberName("upgrade_with_license_transfer")]
    UpgradeWithLicenseTransfer,
}
