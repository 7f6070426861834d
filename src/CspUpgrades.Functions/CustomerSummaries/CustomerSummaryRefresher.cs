using Azure;
using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Storage.Customers;

namespace CspUpgrades.Functions.CustomerSummaries;

/// <summary>
/// The last step of every change to a customer (a webhook applied, an upgrade committed or failed, licenses added): its line
/// in the partner's customer list is recomputed from the customer's partition and written (<see cref="CustomerSummaryStore.RefreshAsync"/>).
/// Best effort: the change itself has committed, so a storage failure here is logged, never thrown (it must not make a
/// caller retry a change that is done, nor the host redeliver it); the next change or the daily audit puts the line right.
/// </summary>
public partial class CustomerSummaryRefresher(
    CustomerSummaryStore summaries, OfferCatalog catalog, TimeProvider time, ILogger<CustomerSummaryRefresher> logger)
{
    public async Task RefreshAsync(PartnerId partner, CustomerId customer, CancellationToken cancellationToken)
    {
        try
        {
            if (!await summaries.RefreshAsync(partner, customer, catalog, time, cancellationToken))
            {
                LogContended(logger, partner, customer, CustomerSummaryStore.MaxRefreshAttempts);
            }
        }
        catch (RequestFailedException ex)
        {
            LogNotRefreshed(logger, ex, partner, customer);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Customer summary {PartnerId}/{CustomerId} not refreshed: {Attempts} conflicting writes in a row; the daily audit repairs it")]
    private static partial void LogContended(ILogger logger, PartnerId partnerId, CustomerId customerId, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Customer summary {PartnerId}/{CustomerId} not refreshed; the next change or the daily audit repairs it")]
    private static partial void LogNotRefreshed(ILogger logger, Exception exception, PartnerId partnerId, CustomerId customerId);
}
