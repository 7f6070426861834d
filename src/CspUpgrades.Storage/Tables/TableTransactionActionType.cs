namespace CspUpgrades.Storage.Tables;

public enum TableTransactionActionType
{
    /// <summary>Insert; fails with 409 EntityAlreadyExists if the key exists.</summary>
    Add,

    /// <summary>Merge into an existing entity (If-Match: the action's ETag, or * when it has none).</summary>
    UpdateMerge,

    /// <summary>Replace an existing entity (If-Match: the action's ETag, or * when it has none).</summary>
    UpdateReplace,

    /// <summary>Delete (If-Match: the action's ETag, or * when it has none).</summary>
    Delete,

    /// <summary>Insert or merge.</summary>
    UpsertMerge,

    /// <summary>Insert or replace.</summary>
    UpsertReplace,
}
