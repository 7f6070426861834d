using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Functions.Http;

/// <summary>
/// The opaque <c>continuationToken</c> of every paged list: a position in the list (the last row key a page returned, never
/// Table Storage's own continuation, which would carry the partition key and so the partner id), wrapped with the list it
/// belongs to and a fingerprint of the partner it was made for. It needs no secret: the partition a list reads is always
/// the authenticated partner's, so a token can only say where in that partner's own rows to go on. The fingerprint makes a
/// token handed to another partner, or to another list, a 400 rather than a silent restart; anything else that does not
/// read back (truncated, edited, not base64url) is the same 400.
/// </summary>
public static class ContinuationToken
{
    public const string Parameter = "continuationToken";

    /// <summary>Longer than any token this app makes (a position is a row key, at most 1 KiB).</summary>
    public const int MaxLength = 4096;

    private const int Version = 1;

    /// <summary>A token for the page after this one; null when <paramref name="position"/> is (the last page).</summary>
    /// <param name="list">Which list (and of what) the token continues, e.g. <c>customers</c> or <c>history|{subscription}</c>.</param>
    public static string? Create(PartnerId partner, string list, string? position)
    {
        if (position is null)
        {
            return null;
        }

        var json = JsonSerializer.SerializeToUtf8Bytes(new Payload(Version, Fingerprint(partner), list, position));
        return Base64Url.EncodeToString(json);
    }

    /// <returns>False with a 400 naming <c>continuationToken</c> when the token is not one this partner got for this list.
    /// A missing token reads as the first page (<paramref name="position"/> null).</returns>
    /// <param name="parameter">The query parameter the token came in (<c>continuationToken</c>, or the event feed's <c>after</c>).</param>
    public static bool TryRead(
        string? token, PartnerId partner, string list, out string? position, [NotNullWhen(false)] out IResult? problem, string parameter = Parameter)
    {
        position = null;
        problem = null;
        if (token is null)
        {
            return true;
        }

        if (Decode(token) is { V: Version, K: { Length: > 0 } key } payload
            && payload.L == list
            && payload.P == Fingerprint(partner))
        {
            position = key;
            return true;
        }

        problem = Refused(parameter);
        return false;
    }

    /// <summary>The 400 for a token that does not read back, or whose position is not one the list could have given.</summary>
    public static IResult Refused(string parameter = Parameter) =>
        Problems.Validation(parameter, $"'{parameter}' is not a token this list gave you: start again without it.");

    private static Payload? Decode(string token)
    {
        if (token.Length is 0 or > MaxLength || !Base64Url.IsValid(token))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<Payload>(Base64Url.DecodeFromChars(token));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // Not the id itself: a token passed around (logs, a support ticket) need not say whose it is.
    private static string Fingerprint(PartnerId partner) =>
        Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(partner.Value)).AsSpan(0, 12));

    private sealed record Payload(int V, string P, string L, string K);
}
