using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Storage.Model;

/// <summary>
/// The one table's key scheme (DESIGN §5). Everything about one customer of one partner lives in
/// partition <c>{partnerId}|{customerId}</c>; row keys are chosen so the rows an eligibility check
/// needs (<c>profile</c>, <c>publish|…</c>, <c>seats</c>, <c>sub|…</c>, <c>sub|…|claim</c>) form one contiguous range, and the
/// operation, billing, event and history rows (<c>op|…</c>, <c>bill|…</c>, <c>evt|…</c>, <c>hist|…</c>) sort before it.
/// Partner-wide rows use <c>{partnerId}|~…</c>: '~' sorts after every id character, so a scan of a
/// partner's customers (<c>{partnerId}|</c> to <c>{partnerId}|~</c>) never meets them.
/// </summary>
public static class TableLayout
{
    public const char Separator = '|';

    public const string ProfileRow = "profile";

    /// <summary>The customer's seat ledger (<c>Customers.SeatLedgerEntity</c>): inside the snapshot range, between <c>profile</c> and <c>sub|</c>.</summary>
    public const string SeatLedgerRow = "seats";
    public const string SubscriptionPrefix = "sub|";
    public const string OperationPrefix = "op|";
    public const string BillingPrefix = "bill|";
    public const string EventPrefix = "evt|";

    /// <summary>
    /// The outbox: a committed fact's event waiting to be published (<see cref="PublishRow"/>). 'pu' sorts between
    /// <c>profile</c> and <c>seats</c>, inside the snapshot range, so every read of the customer also sees what is still
    /// unpublished (normally nothing: the writer drains it right after its commit) and can publish it.
    /// </summary>
    public const string PublishPrefix = "publish|";

    /// <summary>A subscription's history (<see cref="HistoryRow"/>): 'h' sorts before 'p', so outside the snapshot range.</summary>
    public const string HistoryPrefix = "hist|";
    public const string ClaimSuffix = "|claim";

    /// <summary>The snapshot range: <c>profile</c> ≤ RowKey &lt; <c>sub}</c> ('}' follows '|').</summary>
    public const string SnapshotRangeStart = ProfileRow;
    public const string SnapshotRangeEnd = "sub}";

    public const string ApiKeysPartition = "~apikeys";

    /// <summary>Entra ID tenants mapped to partners, one row per tenant id (lower-case GUID): a token caller is one point read.</summary>
    public const string TenantsPartition = "~tenants";

    /// <summary>Unfinished operations, oldest first (<see cref="PendingRow"/>), for the stuck-operation sweeper.</summary>
    public const string PendingPartition = "~pending";

    /// <summary><c>{createdAt ticks:D19}|{operationId}</c>: sorts by age, so "recorded before T" is one range.</summary>
    public static string PendingRow(DateTimeOffset createdAt, OperationId id) => PendingRowBound(createdAt) + Separator + id.Value;

    /// <summary>The row keys of operations recorded before <paramref name="before"/> sort below this.</summary>
    public static string PendingRowBound(DateTimeOffset before) =>
        before.UtcTicks.ToString("D19", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary><c>publish|{committedAt ticks:D19}|{index in its commit:D3}|{eventId}</c>: a partition's pending events in commit order.</summary>
    public static string PublishRow(DateTimeOffset committedAt, int index, string eventId) =>
        PublishPrefix + FeedRow(committedAt, index, eventId);

    /// <summary>The partner's event feed: one row per published event (<see cref="FeedRow"/>), in the order they were appended.</summary>
    public static string EventFeedPartition(PartnerId partner) => $"{partner.Value}|~events";

    /// <summary><c>{appendedAt ticks:D19}|{index in its append:D3}|{eventId}</c>: the feed's order is the order of appending.</summary>
    public static string FeedRow(DateTimeOffset appendedAt, int index, string eventId) =>
        Ticks(appendedAt) + Separator + index.ToString("D3", System.Globalization.CultureInfo.InvariantCulture) + Separator + ValidKey(eventId, nameof(eventId));

    /// <summary>Whether <paramref name="rowKey"/> reads as a <see cref="FeedRow"/> (19 digits, '|', 3 digits, '|', an event id).</summary>
    public static bool IsFeedRow(string rowKey) =>
        rowKey.Length is > 24 and <= 128
        && rowKey.AsSpan(0, 19).IndexOfAnyExceptInRange('0', '9') < 0
        && rowKey[19] == Separator
        && rowKey.AsSpan(20, 3).IndexOfAnyExceptInRange('0', '9') < 0
        && rowKey[23] == Separator
        && rowKey.AsSpan(24).IndexOfAnyExcept(FeedEventIdCharacters) < 0;

    private static readonly System.Buffers.SearchValues<char> FeedEventIdCharacters =
        System.Buffers.SearchValues.Create("0123456789abcdefABCDEF-");

    /// <summary>The feed rows appended before <paramref name="before"/> sort below this.</summary>
    public static string FeedRowBound(DateTimeOffset before) => Ticks(before);

    private static string Ticks(DateTimeOffset time) => time.UtcTicks.ToString("D19", System.Globalization.CultureInfo.InvariantCulture);

    public static string CustomerPartition(PartnerId partner, CustomerId customer) => $"{partner.Value}|{customer.Value}";

    /// <summary>Operation index and other partner-wide rows.</summary>
    public static string PartnerPartition(PartnerId partner) => $"{partner.Value}|~partner";

    public static string AuditPartition(PartnerId partner) => $"{partner.Value}|~audit";

    /// <summary>One row per customer of the partner (row key: the customer id), so the customer list pages through one range.</summary>
    public static string CustomerSummaryPartition(PartnerId partner) => $"{partner.Value}|~customers";

    /// <summary>First and last-exclusive partition keys of a partner's customers.</summary>
    public static (string From, string To) CustomerPartitionsOf(PartnerId partner) => ($"{partner.Value}|", $"{partner.Value}|~");

    public static string SubscriptionRow(SubscriptionId id) => SubscriptionPrefix + id.Value;

    /// <summary>Sorts after its subscription (not always right after: <c>sub|a-b</c> comes between <c>sub|a</c> and <c>sub|a|claim</c>), inside the snapshot range.</summary>
    public static string ClaimRow(SubscriptionId id) => SubscriptionPrefix + id.Value + ClaimSuffix;

    public static string OperationRow(OperationId id) => OperationPrefix + id.Value;

    public static string BillingRow(string lineId) => BillingPrefix + lineId;

    /// <summary>
    /// <c>hist|{subscriptionId}|{inverted createdAt ticks:D19}|{operationId}</c>: one upgrade or license addition that touched
    /// the subscription. The inverted ticks (<see cref="DateTimeOffset.MaxValue"/> minus the creation time) make the newest sort
    /// first, so a page of a subscription's history is the top rows of one range (<see cref="HistoryRange"/>).
    /// </summary>
    public static string HistoryRow(SubscriptionId subscription, DateTimeOffset createdAt, OperationId operation) =>
        HistoryRange(subscription).From + HistoryPosition(createdAt, operation);

    /// <summary>Where an entry sits in its subscription's history: the row key after <c>hist|{subscriptionId}|</c>.</summary>
    public static string HistoryPosition(DateTimeOffset createdAt, OperationId operation) =>
        (DateTimeOffset.MaxValue.UtcTicks - createdAt.UtcTicks).ToString("D19", System.Globalization.CultureInfo.InvariantCulture)
        + Separator + operation.Value;

    /// <summary>
    /// First and last-exclusive row keys of one subscription's history: <c>hist|{id}|</c> to <c>hist|{id}}</c> ('}' follows
    /// '|'). The separator after the id keeps <c>hist|a-b|…</c> out of the range of <c>a</c>.
    /// </summary>
    public static (string From, string To) HistoryRange(SubscriptionId subscription) =>
        (HistoryPrefix + subscription.Value + Separator, HistoryPrefix + subscription.Value + '}');

    /// <summary>Whether <paramref name="position"/> reads as a <see cref="HistoryPosition"/> (19 digits, '|', an operation id).</summary>
    public static bool IsHistoryPosition(string position) =>
        position.Length > 20
        && position.AsSpan(0, 19).IndexOfAnyExceptInRange('0', '9') < 0
        && position[19] == Separator
        && OperationId.TryParse(position[20..], out _);

    /// <summary>The marker row of a webhook event. The id comes from the sender, so it is checked like any key.</summary>
    public static string EventRow(string eventId) => EventPrefix + ValidKey(eventId, nameof(eventId));

    /// <summary>
    /// Refuses, before anything is sent, a key the service forbids: '/', '\', '#', '?' or control characters (Azure.Data.Tables
    /// does not check keys). Keys built from the domain's ids never contain them (their rules allow only A-Z, a-z, 0-9, '-', '_', '.');
    /// this guards the values that come from outside, such as webhook event ids.
    /// </summary>
    public static string ValidKey(string value, string paramName)
    {
        ArgumentNullException.ThrowIfNull(value, paramName);
        foreach (var c in value)
        {
            if (c is '/' or '\\' or '#' or '?' || char.IsControl(c))
            {
                throw new ArgumentException($"A table key may not contain '/', '\\', '#', '?' or control characters.", paramName);
            }
        }

        return value;
    }

    /// <summary><c>sub|{id}|claim</c> with a non-empty id: the row of a subscription whose id is "claim" (<c>sub|claim</c>) is not one.</summary>
    public static bool IsClaimRow(string rowKey) =>
        rowKey.Length > SubscriptionPrefix.Length + ClaimSuffix.Length
        && rowKey.StartsWith(SubscriptionPrefix, StringComparison.Ordinal)
        && rowKey.EndsWith(ClaimSuffix, StringComparison.Ordinal);

    public static bool IsSubscriptionRow(string rowKey) =>
        rowKey.StartsWith(SubscriptionPrefix, StringComparison.Ordinal) && !IsClaimRow(rowKey);

    /// <summary>Splits <c>{partnerId}|{customerId}</c>; null for partner-wide or foreign partitions.</summary>
    public static (PartnerId Partner, CustomerId Customer)? ParseCustomerPartition(string partitionKey)
    {
        var split = partitionKey.IndexOf(Separator, StringComparison.Ordinal);
        if (split < 0
            || !PartnerId.TryParse(partitionKey[..split], out var partner)
            || !CustomerId.TryParse(partitionKey[(split + 1)..], out var customer))
        {
            return null;
        }

        return (partner, customer);
    }
}
