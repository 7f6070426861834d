using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Web;

namespace CspUpgrades.Testing.ServiceBus;

/// <summary>
/// Checks a Service Bus shared access signature token (<c>SharedAccessSignature sr=…&amp;sig=…&amp;se=…&amp;skn=…</c>): the
/// signature is HMAC-SHA256, keyed with the shared access key's text, over the URL-encoded resource (upper-case hex, as
/// <see cref="WebUtility.UrlEncode"/> writes it), a line feed and the expiry in Unix seconds.
/// </summary>
internal static class SharedAccessSignature
{
    private const string Scheme = "SharedAccessSignature ";

    public static bool IsValid(string? token, string keyName, string key, DateTimeOffset now)
    {
        if (token is null || !token.StartsWith(Scheme, StringComparison.Ordinal))
        {
            return false;
        }

        var fields = HttpUtility.ParseQueryString(token[Scheme.Length..]);
        if (fields["sr"] is not { } resource || fields["sig"] is not { } signature || fields["skn"] != keyName
            || !long.TryParse(fields["se"], out var expiry) || DateTimeOffset.FromUnixTimeSeconds(expiry) <= now)
        {
            return false;
        }

        var expected = HMACSHA256.HashData(
            Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes($"{WebUtility.UrlEncode(resource)}\n{expiry}"));
        return CryptographicOperations.FixedTimeEquals(expected, Convert.FromBase64String(signature));
    }
}
