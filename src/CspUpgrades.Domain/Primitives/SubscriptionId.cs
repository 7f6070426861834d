using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace CspUpgrades.Domain.Primitives;

/// <summary>
/// Id of one subscription of a customer (Partner Center uses GUIDs).
/// 1–64 characters of A–Z, a–z, 0–9, '-', '_' or '.' (safe as a Table Storage key); <c>default</c> is not a valid value.
/// </summary>
[JsonConverter(typeof(StringIdJsonConverter<SubscriptionId>))]
public readonly record struct SubscriptionId : IStringId<SubscriptionId>
{
    /// <exception cref="ArgumentException">The value is empty, too long or has a character keys can't hold.</exception>
    public SubscriptionId(string value) => Value = IdRules.Validate(value, nameof(SubscriptionId), nameof(value));

    public string Value { get; }

    public static bool TryParse([NotNullWhen(true)] string? value, out SubscriptionId id)
    {
        if (IdRules.IsValid(value))
        {
            id = new SubscriptionId(value);
            return true;
        }

        id = default;
        return false;
    }

    /// <summary>The id of the subscription an upgrade creates: derived from the operation, so always the same for it.</summary>
    public static SubscriptionId ForUpgradeTarget(OperationId operationId) =>
        // Stryker disable once String : equivalent for "D" (Guid.ToString("") is the "D" format); the purpose is pinned by a golden test, and an empty one throws
        new(DeterministicId.For(operationId, "upgrade-target-subscription").ToString("D"));

    public override string ToString() => Value ?? string.Empty;
}
