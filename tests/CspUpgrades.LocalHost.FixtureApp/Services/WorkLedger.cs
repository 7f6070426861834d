using System.Collections.Concurrent;

namespace CspUpgrades.LocalHost.FixtureApp.Services;

/// <summary>Counts the Work function's completed messages by tag: in-process tests read it from the worker's container.</summary>
public sealed class WorkLedger
{
    private readonly ConcurrentDictionary<string, int> _completed = new(StringComparer.Ordinal);

    public void Completed(string tag) => _completed.AddOrUpdate(tag, 1, (_, count) => count + 1);

    public int CompletedCount(string tag) => _completed.GetValueOrDefault(tag);
}
