using Azure;

namespace CspUpgrades.Storage.Tables;

/// <summary>One operation of an entity group transaction.</summary>
public sealed class TableTransactionAction(TableTransactionActionType actionType, TableEntity entity, ETag etag = default)
{
    public TableTransactionActionType ActionType { get; } = actionType;

    public TableEntity Entity { get; } = entity ?? throw new ArgumentNullException(nameof(entity));

    /// <summary>For updates and deletes: the If-Match value; default means unconditional (*).
    /// Azurite ignores If-Match inside a batch, so don't build concurrency control on it.</summary>
    public ETag ETag { get; } = etag;
}
