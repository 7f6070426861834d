using System.Globalization;

namespace CspUpgrades.Functions.Tests.Fuzzing;

/// <summary>
/// Each endpoint is fuzzed from a fixed seed, so every run sends the same requests. Set
/// <c>CSP_FUZZ_SEED</c> to replay a reported seed, or to explore with a new one.
/// </summary>
public static class FuzzSeed
{
    public const string Variable = "CSP_FUZZ_SEED";

    public static int For(int fixedSeed) =>
        int.TryParse(Environment.GetEnvironmentVariable(Variable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) ? seed : fixedSeed;
}
