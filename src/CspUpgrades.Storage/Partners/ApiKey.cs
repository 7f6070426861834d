using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace CspUpgrades.Storage.Partners;

/// <summary>
/// A partner API key: <c>csp_{keyId}_{secret}</c>. The key id locates the stored record in one
/// point read; only a SHA-256 hash of the secret is stored (the secret is 256 random bits, so a
/// slow password hash buys nothing), compared in constant time.
/// </summary>
public sealed record ApiKey(string KeyId, string Secret)
{
    private const string Prefix = "csp_";

    public static ApiKey Generate() =>
        new(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), Base64Url(RandomNumberGenerator.GetBytes(32)));

    public static bool TryParse(string? text, [NotNullWhen(true)] out ApiKey? key)
    {
        key = null;
        if (text is null || text.Length > 128 || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = text[Prefix.Length..].Split('_', 2);
        if (parts.Length != 2 || parts[0].Length != 16 || !parts[0].All(char.IsAsciiHexDigitLower) || parts[1].Length < 32)
        {
            return false;
        }

        key = new ApiKey(parts[0], parts[1]);
        return true;
    }

    public string SecretHash => HashOf(Secret);

    public bool Matches(string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(SecretHash), Encoding.ASCII.GetBytes(storedHash));

    /// <summary>The full key, to show the partner once at creation. Never log it.</summary>
    public string Reveal() => Prefix + KeyId + "_" + Secret;

    /// <summary>Redacted, so a key that reaches a log or an exception message leaks nothing.</summary>
    public override string ToString() => Prefix + KeyId + "_***";

    private static string HashOf(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
