namespace CspUpgrades.Domain.Planning;

/// <summary>Why a user's license needs manual work after an upgrade (the <c>errors[]</c> of a license error).</summary>
public static class LicenseErrorCodes
{
    /// <summary>The upgrade is <c>upgrade_only</c>: no license moves, and the source no longer has a seat for the user.</summary>
    public const string LicenseTransferNotRequested = "license_transfer_not_requested";

    /// <summary>The user has services the target does not include, so the license cannot be moved automatically.</summary>
    public const string ServicesNotInTargetOffer = "services_not_in_target_offer";

    /// <summary>Every license moved to the target is taken and the source has no seat left for the user.</summary>
    public const string TargetQuantityExhausted = "target_quantity_exhausted";
}
