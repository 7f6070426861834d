namespace CspUpgrades.Functions.Security;

/// <summary>
/// Marks a <c>[Function]</c> that serves partners: <see cref="PartnerAuthenticationMiddleware"/> requires an API key in
/// <c>X-Api-Key</c> before it runs, and the function reads the partner with <c>HttpContext.Partner()</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresPartnerAttribute : Attribute;
