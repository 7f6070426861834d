namespace CspUpgrades.Domain.Eligibility;

/// <summary>
/// The reasons an upgrade is refused, as snake_case codes on the wire. The first nine are Partner
/// Center's own; the rest are this service's, added only where none of those fits.
/// </summary>
public static class UpgradeErrorCodes
{
    /// <summary>
    /// The partner has no delegated admin privileges for the customer, or lacks them for a service of the
    /// target offer (additionalDetails lists which). Blocks both upgrade types.
    /// </summary>
    public const string DelegatedAdminPermissionsDisabled = "delegated_admin_permissions_disabled";

    /// <summary>The source subscription is suspended or cancelled. Blocks both upgrade types.</summary>
    public const string SubscriptionStatusNotActive = "subscription_status_not_active";

    /// <summary>
    /// Another subscription the customer holds (any channel, active, pending or suspended) already includes
    /// a service the target adds over the source. Users licensed twice for a service cannot be moved
    /// automatically, so this blocks <c>upgrade_with_license_transfer</c> only; <c>upgrade_only</c> stays open
    /// and the partner reassigns licenses by hand. One error per conflicting subscription.
    /// </summary>
    public const string ConflictingServiceTypes = "conflicting_service_types";

    /// <summary>
    /// Another operation holds the subscription right now (eligibility and requests say so while it runs), or storage
    /// found it, or the customer's seat count, changed between the check and the write.
    /// </summary>
    public const string ConcurrencyConflicts = "concurrency_conflicts";

    /// <summary>The source subscription has add-ons; remove them first. Blocks both upgrade types.</summary>
    public const string SubscriptionAddOnsPresent = "subscription_add_ons_present";

    /// <summary>The source's offer has no upgrade targets in the catalog (or is not in the catalog at all).</summary>
    public const string SubscriptionDoesNotHaveAnyUpgradePaths = "subscription_does_not_have_any_upgrade_paths";

    /// <summary>The requested target offer is not in the catalog.</summary>
    public const string SubscriptionTargetOfferNotFound = "subscription_target_offer_not_found";

    /// <summary>The source subscription is still pending provisioning. Blocks both upgrade types.</summary>
    public const string SubscriptionNotProvisioned = "subscription_not_provisioned";

    /// <summary>Anything else.</summary>
    public const string Other = "other";

    /// <summary>
    /// Ours. The customer already holds the target offer (active, pending or suspended) through some channel:
    /// additionalDetails says which, e.g. "owned through another partner (Contoso): …" or "bought directly from
    /// Microsoft: …". That copy must be cancelled first (or, if it is this partner's, licenses added to it).
    /// Blocks both upgrade types; one error per copy.
    /// </summary>
    public const string TargetOfferAlreadyOwned = "target_offer_already_owned";

    /// <summary>
    /// Ours. Business-family plans are capped at 300 seats per customer across the family, counting held
    /// subscriptions (active, pending, suspended) of every channel. Moving seats between Business plans is
    /// net zero and always allowed; moving them in from outside the family, or adding licenses, may not
    /// take the total past 300.
    /// </summary>
    public const string SeatLimitExceeded = "seat_limit_exceeded";

    /// <summary>
    /// Ours. The India rule: a Business-family target must be of the source's region (India editions go to
    /// Business Premium India, never to the global Business Premium, and global editions never to the India one).
    /// </summary>
    public const string RegionMismatch = "region_mismatch";

    /// <summary>Ours. The source's offer has upgrade paths, but none to the requested target.</summary>
    public const string UpgradePathNotSupported = "upgrade_path_not_supported";

    /// <summary>Ours. The requested quantity is not between 1 and the subscription's quantity (or is not positive when adding licenses).</summary>
    public const string InvalidQuantity = "invalid_quantity";

    /// <summary>
    /// Ours. The target offer has no list price in the subscription's currency (for its billing cycle), so the service
    /// cannot fix the target's price when it accepts the request. Blocks both upgrade types; the operator adds the price.
    /// </summary>
    public const string TargetOfferNotPriced = "target_offer_not_priced";

    /// <summary>Ours. The subscription is held through another partner or bought directly, so this partner cannot change it.</summary>
    public const string SubscriptionNotManagedByPartner = "subscription_not_managed_by_partner";
}
