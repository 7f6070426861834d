using Azure;
using Azure.Data.Tables;

namespace CspUpgrades.Storage.Model;

/// <summary>
/// The one check every entity group transaction passes before it is sent. Azure.Data.Tables refuses only an empty
/// transaction; the service refuses more than 100 actions, but Azurite accepts a transaction across partitions (the
/// real service does not), so neither may see one. Also refused: an update without an ETag, which the SDK would send
/// without If-Match inside a batch, turning it into an upsert (pass <see cref="ETag.All"/> for an unconditional update).
/// </summary>
public static class EntityGroupTransaction
{
    public const int MaxActions = 100;

    /// <summary>Checks <paramref name="actions"/>, then submits them atomically: all applied, or none
    /// (<see cref="TableTransactionFailedException.FailedTransactionActionIndex"/> names the action that failed).</summary>
    /// <returns>One response per action, in order (the ETag of each write in its headers).</returns>
    public static async Task<IReadOnlyList<Response>> SubmitEntityGroupAsync(
        this TableClient table, IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        Check(actions);
        var response = await table.SubmitTransactionAsync(actions, cancellationToken);
        return response.Value;
    }

    public static void Check(IReadOnlyList<TableTransactionAction> actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (actions.Count is 0 or > MaxActions)
        {
            throw new ArgumentException($"A transaction holds 1 to {MaxActions} actions; this one has {actions.Count}.", nameof(actions));
        }

        var partitionKey = actions[0].Entity.PartitionKey;
        for (var i = 0; i < actions.Count; i++)
        {
            var action = actions[i];
            if (!string.Equals(action.Entity.PartitionKey, partitionKey, StringComparison.Ordinal))
            {
                throw new ArgumentException($"All actions of a transaction share one PartitionKey; action {i} has another.", nameof(actions));
            }

            if (action.ActionType is TableTransactionActionType.UpdateMerge or TableTransactionActionType.UpdateReplace && action.ETag == default)
            {
                throw new ArgumentException($"Action {i} updates without an ETag, which a batch sends as an upsert; pass ETag.All to update unconditionally.", nameof(actions));
            }
        }
    }
}
