namespace CspUpgrades.Bench;

/// <summary>What a fixed number of concurrent callers achieved in a measured window.</summary>
internal sealed record LoadResult(int Callers, long Operations, double PerSecond, double P50Ms, double P95Ms, double P99Ms);
