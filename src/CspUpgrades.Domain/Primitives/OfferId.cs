using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace CspUpgrades.Domain.Primitives;

/// <summary>
/// Stable id of a catalog offer, e.g. <c>o365-business-premium</c>.
/// 1–64 characters of A–Z, a–z, 0–9, '-', '_' or '.' (safe as a Table Storage key); <c>default</c> is not a valid value.
/// </summary>
[JsonConverter(typeof(StringIdJsonConverter<OfferId>))]
public readonly record struct OfferId : IStringId<OfferId>
{
    /// <exception cref="ArgumentException">The value is empty, too long or has a character keys can't hold.</exception>
    public OfferId(string value) => Value = IdRules.Validate(value, nameof(OfferId), nameof(value));

    public string Value { get; }

    public static bool TryParse([NotNullWhen(true)] string? value, out OfferId id)
    {
        if (IdRules.IsValid(value))
        {
            id = new OfferId(value);
            return true;
        }

        id = default;
        return false;
    }

    public override string ToString() => Value ?? string.Empty;
}
