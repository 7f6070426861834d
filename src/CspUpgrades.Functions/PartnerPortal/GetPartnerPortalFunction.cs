using CspUpgrades.Functions.Http;
using Microsoft.Azure.Functions.Worker;

namespace CspUpgrades.Functions.PartnerPortal;

/// <summary>
/// GET /api/portal/ and its files: the partner page, served by the app itself on the API's origin (no CDN, no key needed
/// to load it: the page asks for the key and calls the public API with it). Every answer carries a strong <c>ETag</c>
/// (<c>If-None-Match</c> → 304), <c>Cache-Control: no-cache</c> (a browser revalidates, so a deployment is seen at once),
/// and the page's security headers: a Content-Security-Policy that allows only the page's own scripts, styles and API
/// calls (no inline script or style, no framing), <c>nosniff</c> and no referrer.
/// </summary>
public sealed class GetPartnerPortalFunction
{
    /// <summary>The page's policy: its own files and its own origin's API, nothing inline, nothing else.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; font-src 'self'; "
        + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    [Function(nameof(GetPartnerPortal))]
    [ExcludeFromDescription]
    public static IResult GetPartnerPortal(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.PartnerPortal)] HttpRequest request,
        string? asset)
    {
        ArgumentNullException.ThrowIfNull(request);
        var headers = request.HttpContext.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";

        // The page's files are named relative to its root, so the root needs its slash: /api/portal → /api/portal/.
        if (string.IsNullOrEmpty(asset) && !request.Path.Value!.EndsWith('/'))
        {
            return Results.Redirect(request.PathBase + request.Path + "/", permanent: true, preserveMethod: true);
        }

        if (PartnerPortalAssets.Find(string.IsNullOrEmpty(asset) ? PartnerPortalAssets.IndexPath : asset) is not { } file)
        {
            return Problems.NotFound("page file");
        }

        headers.CacheControl = "no-cache";
        // Results.Bytes answers If-None-Match with the entity tag itself (304, no body).
        return Results.Bytes(file.Content, file.ContentType, entityTag: file.ETag);
    }
}
