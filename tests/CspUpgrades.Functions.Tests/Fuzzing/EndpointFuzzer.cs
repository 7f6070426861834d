namespace CspUpgrades.Functions.Tests.Fuzzing;

/// <summary>The classes of hostile request for one endpoint; each generates one case from the seeded random.</summary>
public abstract class EndpointFuzzer
{
    public abstract string Endpoint { get; }

    protected abstract IReadOnlyList<Func<Random, FuzzRequest>> Classes { get; }

    /// <summary><paramref name="count"/> cases: every class once, then classes at random.</summary>
    public IReadOnlyList<FuzzRequest> Generate(int seed, int count)
    {
        var random = new Random(seed);
        var classes = Classes;
        return Enumerable.Range(0, count)
            .Select(i => classes[i < classes.Count ? i : random.Next(classes.Count)](random))
            .ToList();
    }
}
