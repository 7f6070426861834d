using CspUpgrades.Domain.Primitives;
using CspUpgrades.Storage.Outbox;
using CspUpgrades.Functions.Settings;
using Microsoft.Extensions.Options;

namespace CspUpgrades.Functions.Events;

/// <summary>
/// Publishes committed events and then deletes their outbox rows: appends them to the partner's feed, hands them to the
/// publisher (Service Bus when configured), deletes the rows. Called right after each commit with what that customer's
/// read found pending plus what the commit wrote. A failure anywhere leaves the rows, and with them the events, for the
/// next drain of that customer (its next write, the upgrade's redelivery or the sweeper, the daily audit): at least
/// once, never lost. A repeat appends and publishes the same ids again; readers drop repeats by id.
/// </summary>
public sealed partial class OutboxDrain(
    PartnerEventFeedStore feed,
    OutboxStore outbox,
    IPartnerEventPublisher publisher,
    IOptions<EventsOptions> options,
    TimeProvider time,
    ILogger<OutboxDrain> logger)
{
    /// <summary>
    /// Drains <paramref name="pending"/>; false (logged, not thrown) when it could not (storage, the publisher, anything but
    /// cancellation): the fact stands and its events wait, so a caller never fails, or retries, a committed change over them.
    /// </summary>
    public async Task<bool> DrainAsync(IReadOnlyList<PendingEvent> pending, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pending);
        if (pending.Count == 0)
        {
            return true;
        }

        var events = pending.OrderBy(row => row.RowKey, StringComparer.Ordinal).Select(row => row.Event).ToList();
        try
        {
            foreach (var partner in events.GroupBy(partnerEvent => partnerEvent.Partner))
            {
                await AppendSettledAsync(partner.Key, partner.ToList(), cancellationToken);
            }

            await publisher.PublishAsync(events, cancellationToken);
            await outbox.DeleteAsync(pending, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogLeftPending(logger, ex, pending.Count);
            return false;
        }
    }

    /// <summary>Drains what a customer's read found pending (left by an earlier writer), then what this commit wrote.</summary>
    public Task<bool> DrainAsync(
        PartnerId partner, CustomerId customer, IReadOnlyList<PendingEvent> found, IReadOnlyList<PartnerEvent> written, CancellationToken cancellationToken) =>
        DrainAsync([.. found, .. OutboxRows.Of(partner, customer, written)], cancellationToken);

    // An append is visible to readers only below "now - settle time" (PartnerEventFeedStore.ReadAsync). One that took more
    // than half of that may have landed after a reader passed its position: append again, later (a repeat, not a loss).
    private async Task AppendSettledAsync(PartnerId partner, List<PartnerEvent> events, CancellationToken cancellationToken)
    {
        var halfSettle = options.Value.FeedSettleTime / 2;
        for (var attempt = 1; attempt <= MaxAppends; attempt++)
        {
            var appendedAt = time.GetUtcNow();
            await feed.AppendAsync(partner, events, appendedAt, cancellationToken);
            if (time.GetUtcNow() - appendedAt < halfSettle)
            {
                return;
            }

            LogSlowAppend(logger, events.Count);
        }

        throw new TimeoutException($"Storage took more than {halfSettle} for each of {MaxAppends} appends to the feed.");
    }

    private const int MaxAppends = 3;

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} committed events were not published now; the next drain of their customer publishes them")]
    private static partial void LogLeftPending(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Appending {Count} events to the feed took more than half its settle time; appended again")]
    private static partial void LogSlowAppend(ILogger logger, int count);
}
