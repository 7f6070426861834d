using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace CspUpgrades.Domain.Primitives;

/// <summary>
/// Id of a CSP partner (the caller); always taken from the credential, never from a URL.
/// 1–64 characters of A–Z, a–z, 0–9, '-', '_' or '.' (safe as a Table Storage key); <c>default</c> is not a valid value.
/// </summary>
[JsonConverter(typeof(StringIdJsonConverter<PartnerId>))]
public readonly record struct PartnerId : IStringId<PartnerId>
{
    /// <exception cref="ArgumentException">The value is empty, too long or has a character keys can't hold.</exception>
    public PartnerId(string value) => Value = IdRules.Validate(value, nameof(PartnerId), nameof(value));

    public string Value { get; }

    public static bool TryParse([NotNullWhen(true)] string? value, out PartnerId id)
    {
        if (IdRules.IsValid(value))
        {
            id = new PartnerId(value);
            return true;
        }

        id = default;
        return false;
    }

    public override string ToString() => Value ?? string.Empty;
}
