using CspUpgrades.Functions.Tests.Http.Support;

namespace CspUpgrades.Functions.Tests.Fuzzing;

/// <summary>Every row of the app's table (with its ETag) and the upgrade queue's length: equal states mean nothing was written.</summary>
public sealed record StorageState(IReadOnlyList<string> Rows, int QueuedUpgrades)
{
    public static async Task<StorageState> TakeAsync(FuzzTarget target) =>
        new(await TableSnapshot.TakeAsync(target.App.Table), await new UpgradeQueueProbe(target.Azurite).ApproximateCountAsync());

    /// <summary>What differs, row by row, for the failure message.</summary>
    public string DifferenceFrom(StorageState before)
    {
        var added = Rows.Except(before.Rows).Select(row => "  + " + row);
        var removed = before.Rows.Except(Rows).Select(row => "  - " + row);
        return string.Join('\n', added.Concat(removed))
            + $"\n  upgrade queue: {before.QueuedUpgrades} message(s) before, {QueuedUpgrades} after";
    }

    public bool SameAs(StorageState other) => Rows.SequenceEqual(other.Rows) && QueuedUpgrades == other.QueuedUpgrades;
}
