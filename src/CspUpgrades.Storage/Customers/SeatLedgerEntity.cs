using Azure;
using Azure.Data.Tables;
using CspUpgrades.Storage.Model;

namespace CspUpgrades.Storage.Customers;

/// <summary>
/// The row <c>seats</c> of a customer's partition: a customer-wide version of its seat counts, whose ETag changes with
/// every write that changes how many seats the customer holds. The Business seat cap is a customer-wide invariant, so
/// each commit that decides on seat counts (AddLicenses, an upgrade) carries this row, conditional on the ETag its
/// snapshot was read with, in its own entity group transaction: it lands only if no other seat change for the customer
/// landed since it read — also one to a sibling subscription, whose row and claim it never touches. Webhooks that
/// change a subscription's seats rewrite the row unconditionally in their own transaction, so they invalidate a
/// concurrent commit's read without ever failing themselves.
/// <para>
/// Conditional writes inside a batch: the real service honours If-Match there, and Azurite 3.37 does too
/// (<c>BatchConditionTests</c> prove it against the emulator the tests run on, so a regression is a loud failure).
/// A customer without the row yet (data from before it existed) gets it with an insert-only Add, which two commits
/// cannot both do.
/// </para>
/// </summary>
internal static class SeatLedgerEntity
{
    /// <summary>The guard for a commit whose snapshot read the ledger at <paramref name="read"/> (null: there was none).</summary>
    public static TableTransactionAction Guard(string partition, ETag? read, string changedBy, DateTimeOffset changedAt) =>
        read is { } etag
            ? new(TableTransactionActionType.UpdateReplace, Entity(partition, changedBy, changedAt), etag)
            : new(TableTransactionActionType.Add, Entity(partition, changedBy, changedAt));

    /// <summary>An unconditional new version, for a change that does not depend on the seat counts (a webhook: the source of truth).</summary>
    public static TableTransactionAction Touch(string partition, string changedBy, DateTimeOffset changedAt) =>
        new(TableTransactionActionType.UpsertReplace, Entity(partition, changedBy, changedAt));

    /// <summary>Whether the subscription row changes what the customer holds: new, or another quantity, status or offer.</summary>
    public static bool ChangesSeats(TableEntity? stored, TableEntity written) =>
        stored is null
        || stored.GetInt32("Quantity") != written.GetInt32("Quantity")
        || stored.GetString("Status") != written.GetString("Status")
        || stored.GetString("OfferId") != written.GetString("OfferId");

    private static TableEntity Entity(string partition, string changedBy, DateTimeOffset changedAt) =>
        new(partition, TableLayout.SeatLedgerRow)
        {
            ["ChangedBy"] = changedBy,
            ["ChangedAt"] = changedAt,
        };
}

/// <summary>
/// A commit was refused because another change to the customer's seats landed after the customer was read (the seat
/// ledger's ETag moved on). Nothing of the commit was written; read the customer again and re-plan.
/// </summary>
public sealed class SeatCountChangedException : Exception
{
    public SeatCountChangedException()
        : base("Another change to the customer's seats landed since it was read; nothing was written.")
    {
    }

    public SeatCountChangedException(string message)
        : base(message)
    {
    }

    public SeatCountChangedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal static SeatCountChangedException From(TableTransactionFailedException failure) =>
        new("Another change to the customer's seats landed since it was read; nothing was written.", failure);
}
