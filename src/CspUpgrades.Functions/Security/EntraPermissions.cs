using System.Security.Claims;
using CspUpgrades.Storage.Partners;

namespace CspUpgrades.Functions.Security;

/// <summary>
/// The app's two permissions as Entra ID names them: app roles in the <c>roles</c> claim (a daemon with client credentials)
/// and delegated scopes in the <c>scp</c> claim (a person signed in to a partner's tool), the same names in both.
/// </summary>
public static class EntraPermissions
{
    public const string Read = "Upgrades.Read";
    public const string Write = "Upgrades.Write";

    public static string NameOf(PartnerPermission permission) => permission == PartnerPermission.Read ? Read : Write;

    /// <summary>The most a validated token grants (write includes read), or null when it carries neither name.</summary>
    public static PartnerPermission? GrantedBy(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var names = principal.FindAll("roles").Select(claim => claim.Value)
            .Concat(principal.FindAll("scp").SelectMany(claim => claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            .ToHashSet(StringComparer.Ordinal);
        return names.Contains(Write) ? PartnerPermission.Write
            : names.Contains(Read) ? PartnerPermission.Read
            : null;
    }
}
