using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace CspUpgrades.Domain.Primitives;

/// <summary>
/// Id of one upgrade or license operation; every effect of the operation derives its key from it.
/// 1–64 characters of A–Z, a–z, 0–9, '-', '_' or '.' (safe as a Table Storage key); <c>default</c> is not a valid value.
/// </summary>
[JsonConverter(typeof(StringIdJsonConverter<OperationId>))]
public readonly record struct OperationId : IStringId<OperationId>
{
    /// <exception cref="ArgumentException">The value is empty, too long or has a character keys can't hold.</exception>
    public OperationId(string value) => Value = IdRules.Validate(value, nameof(OperationId), nameof(value));

    public string Value { get; }

    public static bool TryParse([NotNullWhen(true)] string? value, out OperationId id)
    {
        if (IdRules.IsValid(value))
        {
            id = new OperationId(value);
            return true;
        }

        id = default;
        return false;
    }

    public override string ToString() => Value ?? string.Empty;
}
