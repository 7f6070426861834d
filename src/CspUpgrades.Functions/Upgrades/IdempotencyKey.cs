using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Functions.Upgrades;

/// <summary>
/// The <c>Idempotency-Key</c> header. The operation id is derived from the partner and the key, so a
/// retried request meets the operation it created the first time — across instances, with no lookup table.
/// </summary>
public static class IdempotencyKey
{
    public const string HeaderName = "Idempotency-Key";
    public const int MaxLength = 255;

    /// <summary>
    /// Printable ASCII, 1 to 255 characters (as in the IETF Idempotency-Key draft's examples), neither starting nor
    /// ending with a space: an empty or blank key is not a key (proxies trim surrounding spaces, so " a" and "a" would
    /// be one key at one hop and two at another). No comma: a header sent twice reaches the app folded into one value
    /// "a, b" (RFC 9110 §5.3; the Functions host forwards requests with an HttpClient, which folds), so a key with a comma
    /// could be two keys.
    /// </summary>
    public static bool IsValid([NotNullWhen(true)] string? key) =>
        key is { Length: > 0 and <= MaxLength } && key.All(c => c is >= ' ' and <= '~' and not ',') && key[0] != ' ' && key[^1] != ' ';

    /// <summary>
    /// The request's key ("" when it sent no such header), or a 400 problem when the header is there but is not a key:
    /// empty, blank, sent twice (whether as two values or folded into one), or not 1-255 printable ASCII characters other
    /// than a comma. A header that is present is never read as "no key".
    /// </summary>
    public static bool TryRead(HttpRequest request, out string key, [NotNullWhen(false)] out IResult? problem)
    {
        ArgumentNullException.ThrowIfNull(request);
        key = string.Empty;
        problem = null;
        if (!request.Headers.TryGetValue(HeaderName, out var values))
        {
            return true;
        }

        if (values.Count != 1 || !IsValid(values[0]))
        {
            problem = Http.Problems.Validation(HeaderName,
                $"The key must be one header of 1-{MaxLength} printable ASCII characters other than a comma, not empty and without surrounding spaces.");
            return false;
        }

        key = values[0]!;
        return true;
    }

    public static OperationId OperationIdFor(PartnerId partner, string key) => OperationId.ForIdempotencyKey(partner, key);

    /// <summary>A fingerprint of what was asked, so the same key with a different request is caught.</summary>
    public static string Fingerprint(params string?[] parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', parts))));
}
