using CspUpgrades.Domain.Catalog;

namespace CspUpgrades.Domain.Tests.Builders;

/// <summary>Service sets a typical user is licensed for.</summary>
public static class ServiceKinds
{
    public static readonly ServiceKind[] OfficeApps = [ServiceKind.OfficeDesktopApps, ServiceKind.OfficeWebApps, ServiceKind.OneDrive];

    public static readonly ServiceKind[] Mail = [ServiceKind.ExchangeMailbox, ServiceKind.Teams];

    public static readonly ServiceKind[] Telephony = [ServiceKind.ExchangeMailbox, ServiceKind.PhoneSystem];
}
