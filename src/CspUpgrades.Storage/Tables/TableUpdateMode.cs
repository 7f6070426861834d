namespace CspUpgrades.Storage.Tables;

/// <summary>How a write treats properties the new entity does not carry.</summary>
public enum TableUpdateMode
{
    /// <summary>Keep them (HTTP MERGE).</summary>
    Merge,

    /// <summary>Drop them: the stored entity becomes exactly the new one (HTTP PUT).</summary>
    Replace,
}
