using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.Http;

namespace CspUpgrades.Functions.Security;

/// <summary>
/// Every partner endpoint requires an API key in <c>X-Api-Key</c>; the partner id comes from the key,
/// never from the URL or body. Handlers read it with <see cref="Partner"/>.
/// </summary>
public static class PartnerAuthentication
{
    public const string HeaderName = "X-Api-Key";
    private static readonly object PartnerKey = new();

    public static RouteHandlerBuilder RequirePartner(this RouteHandlerBuilder endpoint) =>
        endpoint.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var authenticator = http.RequestServices.GetRequiredService<PartnerAuthenticator>();
            var partner = await authenticator.AuthenticateAsync(http.Request.Headers[HeaderName].ToString(), http.RequestAborted);
            if (partner is null)
            {
                return Challenge(http);
            }

            SetPartner(http, partner.Value);
            return await next(context);
        }).ProducesProblem(StatusCodes.Status401Unauthorized);

    /// <summary>The 401 answer to a request without a valid key, with the header that names the scheme.</summary>
    public static IResult Challenge(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.Headers.WWWAuthenticate = "ApiKey header=\"X-Api-Key\"";
        return Problems.Unauthorized();
    }

    public static void SetPartner(HttpContext http, PartnerId partner)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Items[PartnerKey] = partner;
    }

    /// <summary>The authenticated partner of this request.</summary>
    public static PartnerId Partner(this HttpContext context) =>
        context.Items.TryGetValue(PartnerKey, out var partner) && partner is PartnerId id
            ? id
            : throw new InvalidOperationException("The endpoint does not require a partner; add RequirePartner() or [RequiresPartner].");
}
