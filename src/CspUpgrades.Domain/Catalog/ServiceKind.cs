using System.Text.Json.Serialization;

namespace CspUpgrades.Domain.Catalog;

/// <summary>
/// A service an offer includes. Coarse on purpose: just fine enough to decide which services a
/// target adds (conflicts), which need delegated admin rights, and which a user's license can carry.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<ServiceKind>))]
public enum ServiceKind
{
    ExchangeMailbox,
    SharePoint,
    OneDrive,
    Teams,
    OfficeWebApps,
    OfficeDesktopApps,

    /// <summary>eDiscovery, legal hold, DLP and unlimited archiving (Enterprise E3 and E5).</summary>
    ComplianceArchiving,

    /// <summary>Advanced threat protection (Enterprise E5).</summary>
    AdvancedSecurity,
    PhoneSystem,
    AudioConferencing,
    PowerBIPro,
}
