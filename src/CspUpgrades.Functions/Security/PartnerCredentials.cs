using CspUpgrades.Functions.Http;
using CspUpgrades.Storage.Partners;
using Microsoft.Net.Http.Headers;

namespace CspUpgrades.Functions.Security;

/// <summary>
/// The two ways a partner proves who it is, one per request: an API key in <c>X-Api-Key</c>, or (when Entra ID is
/// configured) an access token in <c>Authorization: Bearer</c>. Answers as RFC 6750 says: 401 with <c>WWW-Authenticate</c>
/// naming every scheme this deployment accepts (the bearer one with <c>error="invalid_token"</c> and why, when a token
/// was refused), 403 for a valid credential without the permission or (tokens) without a registered tenant, 400 for both
/// credentials on one request. No answer quotes the credential.
/// </summary>
public sealed class PartnerCredentials(PartnerAuthenticator keys, BearerTokenAuthenticator tokens)
{
    private const string BearerPrefix = "Bearer ";

    /// <summary>Null and the partner set on the request when the credential grants <paramref name="required"/>; else the answer.</summary>
    public async Task<IResult?> RefuseAsync(HttpContext http, PartnerPermission required)
    {
        ArgumentNullException.ThrowIfNull(http);
        var key = http.Request.Headers[PartnerAuthentication.HeaderName].ToString();
        var bearer = http.Request.Headers.Authorization.ToString().StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
            || string.Equals(http.Request.Headers.Authorization.ToString(), BearerPrefix.Trim(), StringComparison.OrdinalIgnoreCase);
        if (bearer && key.Length > 0)
        {
            return Problems.MultipleCredentials();
        }

        PartnerCaller? caller;
        if (bearer)
        {
            if (!tokens.IsEnabled)
            {
                Challenge(http, bearerError: null);
                return Problems.Unauthorized(
                    "This deployment accepts no bearer tokens (Entra ID is not configured): send the partner API key in the X-Api-Key header.");
            }

            switch (await tokens.AuthenticateAsync(http))
            {
                case BearerOutcome.Invalid invalid:
                    Challenge(http, $"error=\"invalid_token\", error_description=\"{invalid.Description}\"");
                    return Problems.InvalidToken(invalid.Description);
                case BearerOutcome.TenantNotRegistered unregistered:
                    return Problems.TenantNotRegistered(unregistered.Tenant);
                case BearerOutcome.NoPermission:
                    return InsufficientScope(http, required, bearer: true);
                case BearerOutcome.Accepted accepted:
                    caller = accepted.Caller;
                    break;
                default:
                    throw new InvalidOperationException("Not an outcome.");
            }
        }
        else
        {
            caller = await keys.AuthenticateAsync(key, http.RequestAborted);
            if (caller is null)
            {
                Challenge(http, bearerError: null);
                return Problems.Unauthorized(tokens.IsEnabled
                    ? "Send the partner API key in the X-Api-Key header, or an Entra ID access token as Authorization: Bearer."
                    : "Send the partner API key in the X-Api-Key header; this deployment does not accept Entra ID access tokens.");
            }
        }

        if (!caller.Grants(required))
        {
            return InsufficientScope(http, required, bearer);
        }

        PartnerAuthentication.SetPartner(http, caller.Partner);
        return null;
    }

    /// <summary>One <c>WWW-Authenticate</c> value per scheme this deployment accepts.</summary>
    private void Challenge(HttpContext http, string? bearerError)
    {
        http.Response.Headers.Append(HeaderNames.WWWAuthenticate, PartnerAuthentication.ApiKeyChallenge);
        if (tokens.IsEnabled)
        {
            http.Response.Headers.Append(HeaderNames.WWWAuthenticate, bearerError is null ? "Bearer" : "Bearer " + bearerError);
        }
    }

    private static IResult InsufficientScope(HttpContext http, PartnerPermission required, bool bearer)
    {
        var name = PartnerAuthentication.PermissionName(required);
        if (!bearer)
        {
            return Problems.InsufficientScope($"This request needs the '{name}' permission: an API key created with --scope {name}.");
        }

        var role = EntraPermissions.NameOf(required);
        var description = $"This request needs the app role or scope {role}.";
        http.Response.Headers.Append(HeaderNames.WWWAuthenticate, $"Bearer error=\"insufficient_scope\", error_description=\"{description}\", scope=\"{role}\"");
        return Problems.InsufficientScope(description);
    }
}
