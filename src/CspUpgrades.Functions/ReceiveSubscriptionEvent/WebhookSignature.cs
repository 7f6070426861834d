using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CspUpgrades.Functions.ReceiveSubscriptionEvent;

/// <summary>
/// Standard Webhooks signatures: <c>webhook-signature: v1,base64(HMAC-SHA256(secret, "{id}.{timestamp}.{body}"))</c>,
/// several space-separated during secret rotation. Secrets are <c>whsec_</c> + base64 key bytes.
/// </summary>
public static class WebhookSignature
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";
    public const string SecretPrefix = "whsec_";
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public static string Sign(string secret, string id, long timestamp, ReadOnlySpan<byte> body) =>
        "v1," + Convert.ToBase64String(Compute(DecodeSecret(secret), id, timestamp, body));

    public static WebhookVerification Verify(
        IReadOnlyList<string> secrets, string? id, string? timestamp, string? signatures, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signatures))
        {
            return WebhookVerification.MissingHeaders;
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(now.ToUnixTimeSeconds() - seconds) > Tolerance.TotalSeconds)
        {
            return WebhookVerification.OutsideTolerance;
        }

        foreach (var secret in secrets)
        {
            var expected = Compute(DecodeSecret(secret), id, seconds, body);
            foreach (var candidate in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (candidate.StartsWith("v1,", StringComparison.Ordinal)
                    && TryDecode(candidate.AsSpan(3), out var actual)
                    && CryptographicOperations.FixedTimeEquals(expected, actual))
                {
                    return WebhookVerification.Valid;
                }
            }
        }

        return WebhookVerification.InvalidSignature;
    }

    public static byte[] DecodeSecret(string secret)
    {
        var encoded = secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret;
        return Convert.FromBase64String(encoded);
    }

    private static byte[] Compute(byte[] key, string id, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{id}.{timestamp}."));
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return HMACSHA256.HashData(key, content);
    }

    private static bool TryDecode(ReadOnlySpan<char> base64, out byte[] bytes)
    {
        bytes = new byte[base64.Length];
        if (Convert.TryFromBase64Chars(base64, bytes, out var written))
        {
            bytes = bytes[..written];
            return true;
        }

        return false;
    }
}

public enum WebhookVerification
{
    Valid,
    MissingHeaders,
    OutsideTolerance,
    InvalidSignature,
}
