namespace CspUpgrades.Domain.Eligibility;

/// <summary>One reason an upgrade (or license change) cannot happen. <see cref="Code"/> is one of <see cref="UpgradeErrorCodes"/>.</summary>
public sealed record UpgradeError(string Code, string Description, string? AdditionalDetails = null);
