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

    /// <summary>
    /// The operation a partner's <c>Idempotency-Key</c> names: derived from the partner and the key alone, so a retried
    /// request meets the operation it created the first time, across instances and with no lookup table.
    /// </summary>
    public static OperationId ForIdempotencyKey(PartnerId partner, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"idempotency-key\n{partner.Value}\n{key}"));
        // Stryker disable once String : equivalent — Guid.ToString("") is the "D" format
        return new OperationId(new Guid(hash.AsSpan(0, 16)).ToString("D"));
    }

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
