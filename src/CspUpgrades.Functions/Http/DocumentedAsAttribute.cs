namespace CspUpgrades.Functions.Http;

/// <summary>
/// A body property that is read as a string (so that a wrong value is a 400 naming the field, not a malformed body) but
/// whose only valid values are those of <see cref="Type"/>: the OpenAPI document describes it as that type.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class DocumentedAsAttribute(Type type) : Attribute
{
    public Type Type { get; } = type;
}
