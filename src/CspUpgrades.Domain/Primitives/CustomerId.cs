using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace CspUpgrades.Domain.Primitives;

/// <summary>
/// Id of a customer tenant.
/// 1–64 characters of A–Z, a–z, 0–9, '-', '_' or '.' (safe as a Table Storage key); <c>default</c> is not a valid value.
/// </summary>
[JsonConverter(typeof(StringIdJsonConverter<CustomerId>))]
public readonly record struct CustomerId : IStringId<CustomerId>
{
    /// <exception cref="ArgumentException">The value is empty, too long or has a character keys can't hold.</exception>
    public CustomerId(string value) => Value = IdRules.Validate(value, nameof(CustomerId), nameof(value));

    public string Value { get; }

    public static bool TryParse([NotNullWhen(true)] string? value, out CustomerId id)
    {
        if (IdRules.IsValid(value))
        {
            id = new CustomerId(value);
            return true;
        }

        id = default;
        return false;
    }

    public override string ToString() => Value ?? string.Empty;
}
