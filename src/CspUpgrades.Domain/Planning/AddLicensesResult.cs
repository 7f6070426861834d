using System.Diagnostics.CodeAnalysis;
using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Domain.Planning;

/// <summary>Either a plan, or every reason the licenses cannot be added (codes from <see cref="UpgradeErrorCodes"/>).</summary>
public sealed record AddLicensesResult(SubscriptionId SubscriptionId, AddLicensesPlan? Plan, IReadOnlyList<UpgradeError> Errors)
{
    [MemberNotNullWhen(true, nameof(Plan))]
    public bool IsPlanned => Plan is not null;
}
