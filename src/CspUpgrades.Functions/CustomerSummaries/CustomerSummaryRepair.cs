using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Storage.Customers;

namespace CspUpgrades.Functions.CustomerSummaries;

/// <summary>
/// The daily audit's second use of its scan: it reads every customer anyway, so it checks each one's line in the customer
/// list and refreshes those that are missing or say something else (a crash between a change's commit and its refresh, a
/// refresh that lost every race, customers stored before the list existed). So no line is more than a day out of date.
/// The partner's summaries are read alongside, in the same customer order as the scan (one range read per 1,000 customers);
/// only a line that needs it costs a refresh.
/// </summary>
public sealed class CustomerSummaryRepair(CustomerSummaryStore summaries, CustomerSummaryRefresher refresher, OfferCatalog catalog, TimeProvider time)
{
    /// <summary>A check of one partner's lines; give it that partner's customers in the scan's order, then dispose of it.</summary>
    public PartnerCheck ForPartner(PartnerId partner, CancellationToken cancellationToken) =>
        new(this, summaries.ReadAllAsync(partner, cancellationToken).GetAsyncEnumerator(cancellationToken));

    private CustomerSummary Summarize(CustomerRecord record) => CustomerSummary.Of(record, catalog, time.GetUtcNow());

    private Task RefreshAsync(PartnerId partner, CustomerId customer, CancellationToken cancellationToken) =>
        refresher.RefreshAsync(partner, customer, cancellationToken);

    /// <summary>One partner's summaries, walked in step with the scan.</summary>
    public sealed class PartnerCheck : IAsyncDisposable
    {
        private readonly CustomerSummaryRepair _repair;
        private readonly IAsyncEnumerator<CustomerSummary> _stored;
        private bool _more = true;
        private bool _started;

        internal PartnerCheck(CustomerSummaryRepair repair, IAsyncEnumerator<CustomerSummary> stored) => (_repair, _stored) = (repair, stored);

        /// <summary>Lines refreshed so far.</summary>
        public int Repaired { get; private set; }

        /// <returns>True when the customer's line was missing or out of date and has been refreshed.</returns>
        public async Task<bool> CheckAsync(CustomerRecord record, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(record);
            var customer = record.Snapshot.CustomerId;
            var stored = await AdvanceToAsync(customer);
            var current = _repair.Summarize(record);
            if (stored is not null && stored.SaysTheSameAs(current))
            {
                return false;
            }

            // Through the refresh, not a blind write of what the scan read: a change may have landed since, and its own refresh
            // must not be overwritten by this older reading.
            await _repair.RefreshAsync(record.Snapshot.PartnerId, customer, cancellationToken);
            Repaired++;
            return true;
        }

        public ValueTask DisposeAsync() => _stored.DisposeAsync();

        // Skips lines of customers the scan did not meet (none exist unless a partition was emptied by hand).
        private async Task<CustomerSummary?> AdvanceToAsync(CustomerId customer)
        {
            if (!_started)
            {
                _started = true;
                _more = await _stored.MoveNextAsync();
            }

            while (_more && string.CompareOrdinal(_stored.Current.CustomerId.Value, customer.Value) < 0)
            {
                _more = await _stored.MoveNextAsync();
            }

            return _more && _stored.Current.CustomerId == customer ? _stored.Current : null;
        }
    }
}
