using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Eligibility;

namespace CspUpgrades.Domain.Planning;

/// <summary>
/// Splits the source's users, in the snapshot's order:
/// <list type="number">
/// <item>With license transfer, the first <c>quantity</c> users whose services the target fully includes move
/// automatically. With <c>upgrade_only</c> nobody moves.</item>
/// <item>Everyone else stays on the source while it has seats left (none when it closes; its quantity minus
/// the moved seats when it is reduced).</item>
/// <item>The rest are license errors the partner fixes by hand, each with the user's services and the reason.</item>
/// </list>
/// </summary>
internal static class LicenseTransferPlanner
{
    public static LicenseTransferPlan Plan(Subscription source, Offer target, UpgradeType type, int quantity)
    {
        var movable = type == UpgradeType.UpgradeWithLicenseTransfer
            ? source.AssignedUsers.Where(user => target.IncludesAll(user.Services)).Take(quantity).ToHashSet(ReferenceEqualityComparer.Instance)
            : [];
        var staying = source.AssignedUsers.Where(user => !movable.Contains(user)).ToList();
        var seatsLeft = source.Quantity - quantity;

        return new LicenseTransferPlan(
            source.AssignedUsers.Where(movable.Contains).ToList(),
            staying.Take(seatsLeft).ToList(),
            staying.Skip(seatsLeft).Select(user => ErrorFor(user, target, type, quantity)).ToList());
    }

    private static LicenseError ErrorFor(AssignedUser user, Offer target, UpgradeType type, int quantity)
    {
        var missing = user.Services.Where(service => !target.Includes(service)).ToList();
        var error = type == UpgradeType.UpgradeOnly
            ? new UpgradeError(
                LicenseErrorCodes.LicenseTransferNotRequested,
                $"upgrade_only moves no licenses: assign {target.DisplayName} to this user by hand.")
            : missing.Count > 0
                ? new UpgradeError(
                    LicenseErrorCodes.ServicesNotInTargetOffer,
                    $"The user has services {target.DisplayName} does not include: reassign by hand.",
                    string.Join(", ", missing))
                : new UpgradeError(
                    LicenseErrorCodes.TargetQuantityExhausted,
                    $"All {quantity} licenses moved to {target.DisplayName} are taken and the source has no seat left.");
        return new LicenseError(user.UserObjectId, user.Name, user.Email, user.Services, [error]);
    }
}
