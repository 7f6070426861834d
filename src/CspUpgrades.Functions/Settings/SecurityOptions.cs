namespace CspUpgrades.Functions.Settings;

/// <summary>Section <c>Security</c>.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>
    /// How long a verified key record is reused before it is read again. A revoked key stops working
    /// within this time on every instance (at once on the instance that revoked it).
    /// </summary>
    public TimeSpan ApiKeyCacheDuration { get; set; } = TimeSpan.FromSeconds(60);
}
