using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Eligibility;

namespace CspUpgrades.Domain.Audit;

/// <summary>
/// The daily audit: every suspended subscription that blocks an upgrade this partner could otherwise
/// offer, found with the same rules eligibility uses, so the report never disagrees with a check.
/// <list type="bullet">
/// <item>A suspended subscription of this partner blocks all of its own upgrades (condition 1). Remedy: reactivate it.</item>
/// <item>A suspended copy of a target offer, through any channel, is still owned (condition 4) and blocks every
/// active subscription of this partner whose offer upgrades to it. Remedy: cancel that copy first.</item>
/// <item>A suspended subscription that still includes services a target adds blocks license transfer for those
/// upgrades (condition 3). Remedy: cancel it, or upgrade without license transfer.</item>
/// </list>
/// Cancelled subscriptions (Partner Center's "deleted") are gone from the tenant: they own nothing, conflict with
/// nothing and cannot be reactivated, so they block nothing and are never reported.
/// </summary>
public static class BlockedUpgradeAudit
{
    private static readonly UpgradeType[] BothTypes = [UpgradeType.UpgradeOnly, UpgradeType.UpgradeWithLicenseTransfer];

    public static IReadOnlyList<BlockedUpgradeFinding> Find(OfferCatalog catalog, CustomerSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(snapshot);
        var findings = new List<BlockedUpgradeFinding>();
        foreach (var source in snapshot.Subscriptions.Where(s => s.Channel.Kind == ChannelKind.ThisPartner))
        {
            var sourceOffer = catalog.Find(source.OfferId);
            if (sourceOffer is null)
            {
                continue;
            }

            foreach (var target in catalog.TargetsOf(sourceOffer))
            {
                findings.AddRange(source.Status switch
                {
                    SubscriptionStatus.Suspended => [SuspendedSource(snapshot, source, target)],
                    SubscriptionStatus.Active => BlockersOfActive(catalog, snapshot, source, sourceOffer, target),
                    _ => [],
                });
            }
        }

        return findings;
    }

    private static IEnumerable<BlockedUpgradeFinding> BlockersOfActive(OfferCatalog catalog, CustomerSnapshot snapshot, Subscription source, Offer sourceOffer, Offer target)
    {
        var copies = CustomerHoldings.CopiesOf(snapshot, source, target.Id)
            .Where(copy => copy.Status == SubscriptionStatus.Suspended)
            .Select(copy => SuspendedCopy(snapshot, source, target, copy));
        var conflicts = CustomerHoldings.Conflicts(catalog, snapshot, source, sourceOffer, target)
            .Where(conflict => conflict.Subscription.Status == SubscriptionStatus.Suspended)
            .Select(conflict => SuspendedConflict(snapshot, source, target, conflict));
        return copies.Concat(conflicts);
    }

    private static BlockedUpgradeFinding SuspendedSource(CustomerSnapshot snapshot, Subscription source, Offer target) =>
        Finding(
            snapshot, BlockReason.SuspendedSubscription, UpgradeErrorCodes.SubscriptionStatusNotActive, source, source, target, BothTypes,
            explanation: $"Subscription {source.Id} is suspended, so it cannot be upgraded to {target.DisplayName}.",
            remedy: $"Reactivate subscription {source.Id}; once it is active it can be upgraded.");

    private static BlockedUpgradeFinding SuspendedCopy(CustomerSnapshot snapshot, Subscription source, Offer target, Subscription copy) =>
        Finding(
            snapshot, BlockReason.SuspendedCopyOfTarget, UpgradeErrorCodes.TargetOfferAlreadyOwned, copy, source, target, BothTypes,
            explanation: $"The customer still owns {target.DisplayName} ({copy.Channel.DescribeOwnership()}: subscription {copy.Id}, suspended), so subscription {source.Id} cannot be upgraded to it.",
            remedy: copy.Channel.Kind == ChannelKind.ThisPartner
                ? $"Cancel suspended subscription {copy.Id} first, or reactivate it and add licenses to it instead of upgrading."
                : $"Ask the customer to cancel the suspended {target.DisplayName} subscription {Holder(copy.Channel)} first.");

    private static BlockedUpgradeFinding SuspendedConflict(CustomerSnapshot snapshot, Subscription source, Offer target, ServiceConflict conflict)
    {
        var blocker = conflict.Subscription;
        var services = string.Join(", ", conflict.Services);
        var cancel = blocker.Channel.Kind == ChannelKind.ThisPartner
            ? $"Cancel suspended subscription {blocker.Id}"
            : $"Ask the customer to cancel the suspended {conflict.Offer.DisplayName} subscription {Holder(blocker.Channel)}";
        return Finding(
            snapshot, BlockReason.SuspendedConflictingServices, UpgradeErrorCodes.ConflictingServiceTypes, blocker, source, target, [UpgradeType.UpgradeWithLicenseTransfer],
            explanation: $"Suspended {conflict.Offer.DisplayName} subscription {blocker.Id} ({blocker.Channel.DescribeOwnership()}) still includes {services}, which {target.DisplayName} adds, so licenses cannot be moved automatically.",
            remedy: $"{cancel}, or upgrade without license transfer and reassign licenses by hand.");
    }

    private static BlockedUpgradeFinding Finding(CustomerSnapshot snapshot, BlockReason reason, string errorCode, Subscription blocker, Subscription source, Offer target, IReadOnlyList<UpgradeType> types, string explanation, string remedy) => new()
    {
        PartnerId = snapshot.PartnerId,
        CustomerId = snapshot.CustomerId,
        Reason = reason,
        ErrorCode = errorCode,
        BlockingSubscriptionId = blocker.Id,
        BlockingOfferId = blocker.OfferId,
        BlockingStatus = blocker.Status,
        BlockingChannel = blocker.Channel.Kind,
        BlockingPartnerName = blocker.Channel.PartnerName,
        SourceSubscriptionId = source.Id,
        SourceOfferId = source.OfferId,
        TargetOfferId = target.Id,
        BlockedUpgradeTypes = types,
        Explanation = explanation,
        Remedy = remedy,
    };

    private static string Holder(SalesChannel channel) => channel.Kind == ChannelKind.OtherPartner
        ? $"held through another partner ({channel.PartnerName ?? channel.PartnerId?.Value ?? "unknown"})"
        : "bought directly from Microsoft";
}
