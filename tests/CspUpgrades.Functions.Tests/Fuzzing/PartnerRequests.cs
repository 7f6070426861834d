using System.Text;
using CspUpgrades.Functions.Http;

namespace CspUpgrades.Functions.Tests.Fuzzing;

/// <summary>
/// Building blocks shared by the partner endpoints' fuzzers: requests that carry the partner's key, and
/// the hostile variations every endpoint must refuse the same way (ids, key, method, framing, media type).
/// </summary>
public sealed class PartnerRequests(FuzzTarget target)
{
    public static readonly string[] WrongMethods = ["PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "FOO", "CONNECTX"];

    public const int LimitBytes = JsonBody.DefaultLimitBytes;

    public FuzzRequest Get(string @class, string path) =>
        new(@class, "GET", path, [("X-Api-Key", target.ApiKey)], null);

    public FuzzRequest Post(string @class, string path, byte[] body, string contentType = "application/json") =>
        new(@class, "POST", path, [("X-Api-Key", target.ApiKey), ("Content-Type", contentType)], body);

    public FuzzRequest Post(string @class, string path, string body) => Post(@class, path, Encoding.UTF8.GetBytes(body));

    /// <summary>A hostile id for a route: refused as invalid (400), or — dots, traversal — not found (404).</summary>
    public static string HostileSegment(Random random)
    {
        var value = random.Next(10) switch
        {
            0 => HostileStrings.Pick(random, HostileStrings.DotOnly),
            1 => HostileStrings.Pick(random, HostileStrings.Blank),
            _ => HostileStrings.Any(random),
        };
        // A lone surrogate's UTF-8 form (CESU-8) can only be sent pre-encoded.
        return random.Next(20) == 0 ? "%ED%A0%80" : PathSegment.Encode(random, value);
    }

    /// <summary>A well-formed id that no row has: it reaches storage and must be 404.</summary>
    public static string UnknownId(Random random)
    {
        const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.";
        var chars = new char[1 + random.Next(64)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[random.Next(Alphabet.Length)];
        }

        // Never "." or ".." alone: those are path segments a server removes, not ids.
        return chars.All(c => c == '.') ? "x" + new string(chars[1..]) : new string(chars);
    }

    /// <summary>The request without a valid key: missing, empty, malformed, unknown, another key's secret, or several.</summary>
    public FuzzRequest WithBadKey(Random random, FuzzRequest request)
    {
        var keyId = target.ApiKey.Split('_')[1];
        var secret = target.ApiKey.Split('_', 3)[2];
        var bad = random.Next(12) switch
        {
            0 => null,
            1 => string.Empty,
            2 => "csp_",
            3 => target.ApiKey[..^1],
            4 => target.ApiKey + "x",
            5 => target.ApiKey.ToUpperInvariant(),
            6 => $"csp_{keyId}_{new string('A', secret.Length)}",
            7 => $"csp_{new string('0', 16)}_{secret}",
            // A key id of digits only has no upper case: then the secret's case is changed instead (never the valid key itself).
            8 => keyId.Any(char.IsAsciiLetter) ? $"csp_{keyId.ToUpperInvariant()}_{secret}" : $"csp_{keyId}_{SwapCase(secret)}",
            9 => "Bearer " + target.ApiKey,
            10 => target.ApiKey + "," + target.ApiKey,
            _ => HeaderSafe(HostileStrings.Any(random)),
        };
        var stripped = request.WithoutHeader("X-Api-Key");
        if (random.Next(3) == 0)
        {
            // Instead of a key, an Authorization header that is no valid token (the app has Entra ID on: FuzzTarget).
            return stripped.WithHeader("Authorization", BadAuthorization(random)) with { Class = "bad bearer token" };
        }

        return (bad is null ? stripped : stripped.WithHeader("X-Api-Key", bad)) with { Class = "bad API key" };
    }

    /// <summary>An Authorization header that must be refused with a 401: garbage, tampered, expired, unsigned, other schemes.</summary>
    public string BadAuthorization(Random random)
    {
        var token = target.BearerToken;
        var parts = token.Split('.');
        return random.Next(12) switch
        {
            0 => "Bearer",
            1 => "Bearer ",
            2 => "Bearer " + HeaderSafe(HostileStrings.Any(random)),
            3 => "Bearer " + token[..^1],
            4 => "Bearer " + token + "x",
            5 => $"Bearer {parts[0]}.{parts[1]}.",
            6 => $"Bearer {parts[0]}.{parts[1][..^2]}.{parts[2]}",
            7 => "Bearer " + target.ExpiredBearerToken,
            8 => "bearer " + string.Join('.', parts.Reverse()),
            9 => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("fuzz:" + target.ApiKey)),
            10 => "Bearer " + token + ", Bearer " + token,
            _ => HeaderSafe(HostileStrings.Any(random)),
        };
    }

    /// <summary>The route with another method: 405 wherever the route exists.</summary>
    public static FuzzRequest WithWrongMethod(Random random, FuzzRequest request, params string[] allowed) =>
        request with
        {
            Class = "wrong method",
            Method = HostileStrings.Pick(random, WrongMethods.Concat(["GET", "POST"]).Except(allowed).ToList()),
            Expected = new HashSet<int> { 405 },
        };

    /// <summary>Bodies over the documented cap, framed honestly, chunked, or with a Content-Length that lies: 413, before parsing.</summary>
    public static FuzzRequest Oversized(Random random, FuzzRequest valid, int limit)
    {
        var garbage = new byte[limit + 1 + (random.Next(3) == 0 ? random.Next(1 << 20) : 0)];
        random.NextBytes(garbage);
        return random.Next(4) switch
        {
            0 => valid with { Class = "over the cap", Body = garbage, Expected = new HashSet<int> { 413 } },
            1 => valid with { Class = "over the cap, chunked", Body = garbage, Framing = BodyFraming.Chunked, Expected = new HashSet<int> { 413 } },
            2 => valid with
            {
                // Declares more than the cap, sends a few bytes: refused on the declaration alone.
                Class = "declared over the cap", Body = valid.Body, Framing = BodyFraming.DeclaredLength,
                DeclaredLength = limit + 1 + random.NextInt64(long.MaxValue / 2), Expected = new HashSet<int> { 413 },
            },
            _ => valid with
            {
                // A valid JSON document padded with whitespace past the cap: valid JSON, still too large.
                Class = "valid JSON padded over the cap", Body = [.. valid.Body!, .. Encoding.ASCII.GetBytes(new string(' ', limit))],
                Expected = new HashSet<int> { 413 },
            },
        };
    }

    /// <summary>A Content-Length that does not match the body: the server reads what was declared, or sees the body end early.</summary>
    public static FuzzRequest LyingLength(Random random, FuzzRequest valid)
    {
        var length = valid.Body!.Length;
        return random.Next(2) == 0
            ? valid with { Class = "Content-Length longer than the body", Framing = BodyFraming.DeclaredLength, DeclaredLength = length + 1 + random.Next(1000), EndsEarly = true }
            : valid with { Class = "Content-Length shorter than the body", Framing = BodyFraming.DeclaredLength, DeclaredLength = random.Next(length - 1) };
    }

    /// <summary>A body not declared as JSON: 415.</summary>
    public static FuzzRequest WithWrongMediaType(Random random, FuzzRequest valid)
    {
        var type = HostileStrings.Pick(random,
        [
            null, "", "text/plain", "text/json", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
            "application/octet-stream", "application/jsonp", "json", "application", "*/*", "application/*", "text/plain; charset=application/json",
        ]);
        var stripped = valid.WithoutHeader("Content-Type");
        return (type is null ? stripped : stripped.WithHeader("Content-Type", type)) with { Class = "wrong media type", Expected = new HashSet<int> { 415 } };
    }

    /// <summary>What can go into a header value (visible ASCII and tabs): everything else is the server's to refuse, not the app's.</summary>
    public static string HeaderSafe(string value)
    {
        var chars = value.Select(c => c is '\t' or (>= ' ' and <= '~') ? c : '?').ToArray();
        return new string(chars).Trim();
    }

    private static string SwapCase(string value) =>
        string.Concat(value.Select(c => char.IsAsciiLetterLower(c) ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c)));
}
