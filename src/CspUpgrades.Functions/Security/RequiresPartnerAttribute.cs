using CspUpgrades.Storage.Partners;

namespace CspUpgrades.Functions.Security;

/// <summary>
/// Marks a <c>[Function]</c> that serves partners: <see cref="PartnerAuthenticationMiddleware"/> requires a credential that
/// grants <see cref="Permission"/> before it runs, and the function reads the partner with <c>HttpContext.Partner()</c>.
/// Say which: <c>[RequiresPartner(PartnerPermission.Read)]</c> for a GET, <c>[RequiresPartner(PartnerPermission.Write)]</c>
/// for a request that changes something.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresPartnerAttribute : Attribute
{
    /// <summary>
    /// A function that does not say what it needs requires <see cref="PartnerPermission.Write"/>, so a read-only credential
    /// never reaches it by an omission; a test fails for every such function all the same.
    /// </summary>
    public RequiresPartnerAttribute() => Permission = PartnerPermission.Write;

    public RequiresPartnerAttribute(PartnerPermission permission)
    {
        Permission = permission;
        IsDeclared = true;
    }

    /// <summary>What the caller's credential must grant.</summary>
    public PartnerPermission Permission { get; }

    /// <summary>Whether the function named its permission (the parameterless form does not).</summary>
    public bool IsDeclared { get; }
}
