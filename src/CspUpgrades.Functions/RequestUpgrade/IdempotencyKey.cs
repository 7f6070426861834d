using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Functions.RequestUpgrade;

/// <summary>
/// The <c>Idempotency-Key</c> header. The operation id is derived from the partner and the key, so a
/// retried request meets the operation it created the first time — across instances, with no lookup table.
/// </summary>
public static class IdempotencyKey
{
    public const string HeaderName = "Idempotency-Key";
    public const int MaxLength = 255;

    /// <summary>Printable ASCII, 1 to 255 characters (as in the IETF Idempotency-Key draft's examples).</summary>
    public static bool IsValid([NotNullWhen(true)] string? key) =>
        key is { Length: > 0 and <= MaxLength } && key.All(c => c is >= ' ' and <= '~');

    /// <summary>The request's key ("" when it sent none), or a 400 problem when the header is malformed.</summary>
    public static bool TryRead(HttpRequest request, out string key, [NotNullWhen(false)] out IResult? problem)
    {
        key = request.Headers[HeaderName].ToString();
        problem = key.Length > 0 && !IsValid(key)
            ? Http.Problems.Validation(HeaderName, $"The key must be 1-{MaxLength} printable ASCII characters.")
            : null;
        return problem is null;
    }

    public static OperationId OperationIdFor(PartnerId partner, string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"idempotency-key\n{partner.Value}\n{key}"));
        return new OperationId(new Guid(hash.AsSpan(0, 16)).ToString("D"));
    }

    /// <summary>A fingerprint of what was asked, so the same key with a different request is caught.</summary>
    public static string Fingerprint(params string?[] parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', parts))));
}
