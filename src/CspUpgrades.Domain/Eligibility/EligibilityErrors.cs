using CspUpgrades.Domain.Billing;
using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Primitives;
using static CspUpgrades.Domain.Eligibility.UpgradeErrorCodes;

namespace CspUpgrades.Domain.Eligibility;

/// <summary>The wording of each reason, in one place so eligibility, license changes and the audit say the same thing.</summary>
internal static class EligibilityErrors
{
    public static UpgradeError NotManagedByPartner(Subscription source) => new(
        SubscriptionNotManagedByPartner,
        "The subscription is not held through this partner, so this partner cannot change it.",
        $"{source.Channel.DescribeOwnership()}: subscription {source.Id}");

    public static UpgradeError? Status(Subscription source) => source.Status switch
    {
        SubscriptionStatus.Pending => new(SubscriptionNotProvisioned, "The subscription is still being provisioned.", $"subscription {source.Id} is pending"),
        SubscriptionStatus.Suspended or SubscriptionStatus.Cancelled => new(
            SubscriptionStatusNotActive,
            "Only an active subscription can be changed.",
            $"subscription {source.Id} is {source.Status.ToString().ToLowerInvariant()}"),
        _ => null,
    };

    public static UpgradeError AddOnsPresent(Subscription source) => new(
        SubscriptionAddOnsPresent,
        "The subscription has add-ons; remove them before upgrading.",
        string.Join(", ", source.AddOnIds));

    public static UpgradeError NoDelegatedAdmin(CustomerSnapshot snapshot) => new(
        DelegatedAdminPermissionsDisabled,
        "The partner has no delegated admin privileges for this customer.",
        $"customer {snapshot.CustomerId}");

    public static UpgradeError DelegatedAdminMissing(IEnumerable<ServiceKind> services) => new(
        DelegatedAdminPermissionsDisabled,
        "The partner lacks delegated admin privileges for a service this upgrade involves.",
        $"missing for: {string.Join(", ", services)}");

    public static UpgradeError TargetNotFound(OfferId target) => new(
        SubscriptionTargetOfferNotFound,
        "The target offer is not in the catalog.",
        $"no offer '{target}'");

    public static UpgradeError NoUpgradePaths(Subscription source, Offer? sourceOffer) => new(
        SubscriptionDoesNotHaveAnyUpgradePaths,
        "The subscription's offer has no upgrade paths.",
        sourceOffer is null ? $"offer '{source.OfferId}' is not in the catalog" : $"{sourceOffer.DisplayName} has no upgrade targets");

    public static UpgradeError RegionMismatchFor(Offer source, Offer target) => new(
        RegionMismatch,
        "Business-family plans can only be upgraded within their own region.",
        $"{source.DisplayName} ({source.Region}) cannot move to {target.DisplayName} ({target.Region})");

    public static UpgradeError PathNotSupported(Offer source, Offer target) => new(
        UpgradePathNotSupported,
        "The target is not an upgrade path of the subscription's offer.",
        $"{source.DisplayName} upgrades to {string.Join(", ", source.UpgradeTargets)}; not to {target.Id}");

    public static UpgradeError AlreadyOwned(Subscription copy) => new(
        TargetOfferAlreadyOwned,
        "The customer already owns the target offer; that subscription must be cancelled first.",
        $"{copy.Channel.DescribeOwnership()}: subscription {copy.Id}{StatusSuffix(copy)}");

    public static UpgradeError Conflict(ServiceConflict conflict) => new(
        ConflictingServiceTypes,
        "The customer already has a subscription that includes services the target adds, so licenses cannot be moved automatically.",
        $"{conflict.Offer.DisplayName} {conflict.Subscription.Channel.DescribeOwnership()}: subscription {conflict.Subscription.Id}{StatusSuffix(conflict.Subscription)} already includes {string.Join(", ", conflict.Services)}");

    public static UpgradeError QuantityOutOfRange(int requested, int available) => new(
        InvalidQuantity,
        "The quantity must be at least 1 and at most the subscription's quantity.",
        $"requested {requested}, the subscription has {available}");

    public static UpgradeError QuantityNotPositive(int requested) => new(
        InvalidQuantity,
        "The quantity must be at least 1.",
        $"requested {requested}");

    public static UpgradeError QuantityOverLimit(int held, int adding) => new(
        InvalidQuantity,
        $"A subscription holds at most {BillingLimits.MaxQuantity:N0} seats.",
        $"the subscription has {held}; {adding} more would make {(long)held + adding} (at most {Math.Max(0, BillingLimits.MaxQuantity - held)} more fit)");

    public static UpgradeError TargetNotPriced(Offer target, Subscription source) => new(
        TargetOfferNotPriced,
        "The target offer has no list price in the subscription's currency, so the upgrade cannot be billed.",
        $"{target.DisplayName} has no list price in {source.UnitPrice.Currency}; ask the operator to add one to the catalog");

    public static UpgradeError ChangeInProgress(OperationId operation) => new(
        ConcurrencyConflicts,
        "Another change to this subscription is in progress.",
        $"Operation {operation} holds the subscription; retry when it has finished.");

    public static UpgradeError SeatLimit(int seatsInFamily, int adding) => new(
        SeatLimitExceeded,
        $"Business plans are limited to {BusinessSeatCap.Limit} seats per customer across the family; a larger customer needs an Enterprise plan.",
        $"the customer holds {seatsInFamily} Business-family seats; {adding} more would make {seatsInFamily + adding} (at most {Math.Max(0, BusinessSeatCap.Limit - seatsInFamily)} more fit)");

    private static string StatusSuffix(Subscription subscription) =>
        subscription.Status == SubscriptionStatus.Active ? string.Empty : $", {subscription.Status.ToString().ToLowerInvariant()}";
}
