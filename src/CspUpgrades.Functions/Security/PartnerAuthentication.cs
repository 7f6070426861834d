using CspUpgrades.Domain.Primitives;
using CspUpgrades.Storage.Partners;

namespace CspUpgrades.Functions.Security;

/// <summary>
/// Every partner endpoint requires a credential (<see cref="PartnerCredentials"/>): an API key in <c>X-Api-Key</c>, or an
/// Entra ID access token. The partner id comes from the credential, never from the URL or body. Handlers read it with
/// <see cref="Partner"/>.
/// </summary>
public static class PartnerAuthentication
{
    public const string HeaderName = "X-Api-Key";

    /// <summary>The API key scheme as a 401's <c>WWW-Authenticate</c> names it.</summary>
    public const string ApiKeyChallenge = "ApiKey header=\"X-Api-Key\"";

    private static readonly object PartnerKey = new();

    /// <summary>The permission as a key's <c>--scope</c> and docs/API.md name it.</summary>
    public static string PermissionName(PartnerPermission permission) => permission switch
    {
        PartnerPermission.Read => "read",
        PartnerPermission.Write => "write",
        _ => throw new ArgumentOutOfRangeException(nameof(permission), permission, "Not a permission."),
    };

    public static void SetPartner(HttpContext http, PartnerId partner)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Items[PartnerKey] = partner;
    }

    /// <summary>The authenticated partner of this request.</summary>
    public static PartnerId Partner(this HttpContext context) =>
        context.Items.TryGetValue(PartnerKey, out var partner) && partner is PartnerId id
            ? id
            : throw new InvalidOperationException("The function does not require a partner; add [RequiresPartner(...)].");
}
