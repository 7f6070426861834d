namespace CspUpgrades.Functions.Settings;

/// <summary>
/// Section <c>Entra</c>: Microsoft Entra ID access tokens (<c>Authorization: Bearer</c>) beside API keys. Off until
/// <see cref="ClientId"/> is set; then tokens issued for this app by any tenant are validated (multi-tenant, v2.0 tokens
/// only), and the token's tenant must be mapped to a partner (<c>partner-tenant add</c>).
/// </summary>
public sealed class EntraOptions
{
    public const string Section = "Entra";

    /// <summary>The Entra ID cloud instance: signing keys come from <c>{Instance}organizations/v2.0/.well-known/openid-configuration</c>,
    /// and a token's issuer must be <c>{Instance}{its tid}/v2.0</c>. http only on loopback (tests).</summary>
    public string Instance { get; set; } = "https://login.microsoftonline.com/";

    /// <summary>The app registration's application (client) id: the audience of every v2.0 token for this API. Empty: bearer tokens are not accepted.</summary>
    public string? ClientId { get; set; }

    /// <summary>The application ID URI (<c>api://…</c>), accepted as audience too; empty accepts the client id alone.</summary>
    public string? Audience { get; set; }

    /// <summary>
    /// The least time between two signing-key refreshes that tokens with an unknown key id cause, however many arrive (the
    /// keys are also refreshed every 12 hours on their own).
    /// </summary>
    public TimeSpan SigningKeyRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a tenant's mapping to its partner is reused before it is read again: the delay before a removal bites.</summary>
    public TimeSpan TenantCacheDuration { get; set; } = TimeSpan.FromSeconds(60);

    public bool IsEnabled => !string.IsNullOrWhiteSpace(ClientId);
}
