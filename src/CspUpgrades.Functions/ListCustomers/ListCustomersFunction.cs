using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.Http;
using CspUpgrades.Functions.Security;
using CspUpgrades.Storage.Customers;
using CspUpgrades.Storage.Partners;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace CspUpgrades.Functions.ListCustomers;

/// <summary>
/// GET /api/customers: the partner's customers, a page at a time in customer-id order, each with how many of its subscriptions
/// can be upgraded now and how many are blocked. One storage request per page: a range of the partner's customer summaries
/// (<see cref="CustomerSummaryStore"/>), never a scan of its customers.
/// </summary>
public sealed class ListCustomersFunction(CustomerSummaryStore summaries)
{
    /// <summary>The list name a <see cref="ContinuationToken"/> of this list carries.</summary>
    public const string List = "customers";

    [Function(nameof(ListCustomers))]
    [RequiresPartner(PartnerPermission.Read)]
    [EndpointSummary("List the partner's customers, with how many subscriptions each can upgrade now and how many are blocked")]
    [EndpointDescription(
        "Paged in customer-id order. The counts come from a per-customer summary the app recomputes after every change to the "
        + "customer (webhook, upgrade, license addition) with the same evaluation as CheckUpgradeEligibility, and the daily audit "
        + "repairs; `summaryUpdatedAt` says when it was computed.")]
    [Tags("Customers")]
    [QueryParameter(PageRequest.TopParameter, QueryParameterAttribute.TopDescription, QueryParameterAttribute.TopSchema)]
    [QueryParameter(ContinuationToken.Parameter, QueryParameterAttribute.ContinuationTokenDescription, QueryParameterAttribute.ContinuationTokenSchema)]
    [ProducesResponseType<CustomerListResponse>(StatusCodes.Status200OK)]
    [ProducesProblems(StatusCodes.Status400BadRequest)]
    public Task<IResult> ListCustomers(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Customers)] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return HandleAsync(request);
    }

    private async Task<IResult> HandleAsync(HttpRequest request)
    {
        var partner = request.HttpContext.Partner();
        if (!PageRequest.TryRead(request, partner, List, out var page, out var problem))
        {
            return problem;
        }

        // The token carries the last customer id of the page before (CustomerSummaryStore.ReadPageAsync says why); one that reads
        // back but holds no id was not made here.
        CustomerId? after = null;
        if (page.StorageToken is not null)
        {
            if (!CustomerId.TryParse(page.StorageToken, out var last))
            {
                return ContinuationToken.Refused();
            }

            after = last;
        }

        var found = await summaries.ReadPageAsync(partner, page.Top, after, request.HttpContext.RequestAborted);
        return Results.Ok(new CustomerListResponse(
            found.Items.Select(CustomerResponse.From).ToList(),
            ContinuationToken.Create(partner, List, found.ContinuationToken)));
    }
}
