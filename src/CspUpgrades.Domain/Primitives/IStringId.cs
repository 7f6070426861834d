namespace CspUpgrades.Domain.Primitives;

/// <summary>A validated identifier that is a string on the wire and in storage.</summary>
public interface IStringId<TSelf> where TSelf : struct, IStringId<TSelf>
{
    string Value { get; }

    static abstract bool TryParse(string? value, out TSelf id);
}
