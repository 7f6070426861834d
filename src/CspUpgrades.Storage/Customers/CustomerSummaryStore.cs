using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Storage.Model;

namespace CspUpgrades.Storage.Customers;

/// <summary>
/// The partner's customer list (<see cref="CustomerSummary"/>, one row per customer in <c>{partnerId}|~customers</c>): paged
/// reads of that one partition, and the refresh every change to a customer ends with.
/// <para>
/// Writers may race and finish out of order (a webhook and an upgrade for the same customer on two instances). A refresh
/// therefore reads the summary row first, then the customer, and writes only if the summary row is still as it read it
/// (its ETag; an insert when there was none); on a conflict it starts over. Whoever writes after a refresh has read the summary
/// after that write, so the customer after that refresh read it: a summary computed from an older read never replaces one
/// computed from a newer read.
/// </para>
/// </summary>
public class CustomerSummaryStore(TableClient table, CustomerStore customers)
{
    /// <summary>Refresh attempts when other refreshes of the same customer keep writing in between; then the daily audit repairs it.</summary>
    public const int MaxRefreshAttempts = 3;

    /// <summary>For mocking.</summary>
    protected CustomerSummaryStore() : this(null!, null!)
    {
    }

    /// <summary>
    /// Recomputes the customer's summary from its partition and writes it (three requests: the summary row's ETag, the
    /// customer's snapshot query, the conditional write).
    /// </summary>
    /// <returns>False when <see cref="MaxRefreshAttempts"/> conflicting writes in a row left it unwritten; true when written, or
    /// when the partner has no such customer (nothing to summarise).</returns>
    public virtual async Task<bool> RefreshAsync(
        PartnerId partner, CustomerId customer, OfferCatalog catalog, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(time);
        var partition = TableLayout.CustomerSummaryPartition(partner);
        for (var attempt = 1; attempt <= MaxRefreshAttempts; attempt++)
        {
            // The summary row before the customer: see the class's remarks for why the order matters.
            var stored = await table.GetEntityIfExistsAsync<TableEntity>(
                partition, customer.Value, select: [nameof(TableEntity.RowKey)], cancellationToken: cancellationToken);
            var record = await customers.LoadAsync(partner, customer, cancellationToken: cancellationToken);
            if (record is null)
            {
                return true;
            }

            var entity = CustomerSummaryEntity.ToEntity(partner, CustomerSummary.Of(record, catalog, time.GetUtcNow()));
            try
            {
                if (stored.HasValue)
                {
                    await table.UpdateEntityAsync(entity, stored.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
                }
                else
                {
                    await table.AddEntityAsync(entity, cancellationToken);
                }

                return true;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another refresh wrote in between (its read may be older or newer than ours): read both again.
            }
        }

        return false;
    }

    /// <summary>
    /// One page of the partner's customers in customer-id order: one range read of the summary partition, however many
    /// customers the partner has.
    /// </summary>
    /// <param name="after">The last customer of the previous page (its <see cref="CustomerSummaryPage.ContinuationToken"/>); null
    /// for the first page. The page goes on from the key itself rather than from Table Storage's continuation, which names the
    /// partition (and so the partner) and would travel in the token a partner is given.</param>
    public async Task<CustomerSummaryPage> ReadPageAsync(
        PartnerId partner, int top, CustomerId? after, CancellationToken cancellationToken = default)
    {
        var partition = TableLayout.CustomerSummaryPartition(partner);
        var filter = after is { } last
            ? TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {last.Value}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {partition}");
        await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: top, cancellationToken: cancellationToken).AsPages(pageSizeHint: top))
        {
            var items = page.Values.Select(CustomerSummaryEntity.FromEntity).ToList();
            if (items.Count == 0 && page.ContinuationToken is not null)
            {
                // The service may end a page early with nothing in it (its time limit); only then is a second request made.
                continue;
            }

            return new CustomerSummaryPage(items, page.ContinuationToken is null ? null : items[^1].CustomerId.Value);
        }

        return new CustomerSummaryPage([], null);
    }

    /// <summary>Every summary of the partner, in customer-id order (the order the audit's scan meets its customers in).</summary>
    public virtual async IAsyncEnumerable<CustomerSummary> ReadAllAsync(PartnerId partner, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableLayout.CustomerSummaryPartition(partner)}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return CustomerSummaryEntity.FromEntity(row);
        }
    }
}
