using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace CspUpgrades.Functions.Http;

/// <summary>
/// A subscription's version as an HTTP entity tag (<c>"3"</c>): what GetSubscription, PreviewAddLicenses and AddLicenses
/// answer in <c>ETag</c>, what <c>If-None-Match</c> and <c>If-Match</c> take back. One place owns the format.
/// </summary>
public static class SubscriptionETag
{
    public const string IfMatchHeader = "If-Match";

    public static string Of(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>Sets <c>ETag</c> to <paramref name="version"/>; true when the request's <c>If-None-Match</c> names it (or <c>*</c>): answer 304.</summary>
    public static bool SetAndMatchIfNoneMatch(HttpContext context, long version)
    {
        ArgumentNullException.ThrowIfNull(context);
        var etag = Of(version);
        context.Response.Headers.ETag = etag;
        return context.Request.Headers.IfNoneMatch.Any(value => value == etag || value == "*");
    }

    /// <summary>
    /// The version <c>If-Match</c> names (null: no header, or <c>*</c>), or a 400 problem. A header that is there but
    /// empty is not "no condition": the client meant to send one and lost it.
    /// </summary>
    public static bool TryReadIfMatch(HttpRequest request, out long? expectedVersion, [NotNullWhen(false)] out IResult? problem)
    {
        ArgumentNullException.ThrowIfNull(request);
        expectedVersion = null;
        problem = null;
        if (!request.Headers.TryGetValue(IfMatchHeader, out var values))
        {
            return true;
        }

        // "*" (RFC 9110: any current representation) holds for every subscription that exists, so it constrains nothing.
        var ifMatch = values.ToString();
        if (ifMatch == "*")
        {
            return true;
        }

        if (!TryReadVersion(ifMatch, out var version))
        {
            problem = Problems.Validation(IfMatchHeader, "If-Match must be the subscription's version, e.g. \"3\", or *.");
            return false;
        }

        expectedVersion = version;
        return true;
    }

    // An entity tag is quoted (RFC 9110): "3". An unquoted, half-quoted or doubly quoted value is refused, not guessed at:
    // a client that sent it would otherwise believe it asked for something it did not.
    private static bool TryReadVersion(string ifMatch, out long version)
    {
        version = 0;
        return ifMatch is ['"', .., '"'] && ifMatch.Length > 2
            && long.TryParse(ifMatch.AsSpan(1, ifMatch.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out version);
    }
}
