using System.Diagnostics.CodeAnalysis;

namespace CspUpgrades.Domain.Primitives;

/// <summary>
/// The shape every identifier must have to be usable as a Table Storage key and in a URL path:
/// 1–64 characters of A–Z, a–z, 0–9, '-', '_' or '.' (so never '/', '\', '#', '?' or control characters).
/// </summary>
internal static class IdRules
{
    public const int MaxLength = 64;

    public static bool IsValid([NotNullWhen(true)] string? value, int maxLength = MaxLength) =>
        !string.IsNullOrEmpty(value) && value.Length <= maxLength && value.All(IsAllowed);

    public static string Validate(string? value, string typeName, string paramName, int maxLength = MaxLength) =>
        IsValid(value, maxLength)
            ? value
            : throw new ArgumentException(
                $"{typeName} must be 1-{maxLength} characters of A-Z, a-z, 0-9, '-', '_' or '.'.", paramName);

    private static bool IsAllowed(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.';
}
