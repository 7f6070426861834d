using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.Http;
using CspUpgrades.Functions.Security;
using CspUpgrades.Storage.History;
using CspUpgrades.Storage.Partners;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace CspUpgrades.Functions.ListSubscriptionHistory;

/// <summary>
/// GET /api/customers/{customerId}/subscriptions/{subscriptionId}/operations: the upgrades and license additions that touched
/// the subscription, newest first, paged. A page is one range query of the subscription's history rows (a first page with
/// no entries one point read more, to answer 404 for a subscription the partner does not have).
/// </summary>
public sealed class ListSubscriptionHistoryFunction(SubscriptionHistoryStore history)
{
    [Function(nameof(ListSubscriptionHistory))]
    [RequiresPartner(PartnerPermission.Read)]
    [EndpointSummary("List the upgrades and license additions that touched a subscription, newest first")]
    [EndpointDescription("Each entry with its status, target, seats, billing lines, upgrade errors and license errors; an upgrade shows on its source and on the target it created. Paged with `top` and `continuationToken`.")]
    [Tags("Subscriptions")]
    [QueryParameter(PageRequest.TopParameter, QueryParameterAttribute.TopDescription, QueryParameterAttribute.TopSchema)]
    [QueryParameter(ContinuationToken.Parameter, QueryParameterAttribute.ContinuationTokenDescription, QueryParameterAttribute.ContinuationTokenSchema)]
    [ProducesResponseType<SubscriptionHistoryResponse>(StatusCodes.Status200OK)]
    [ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound)]
    public Task<IResult> ListSubscriptionHistory(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.SubscriptionHistory)] HttpRequest request,
        string customerId,
        string subscriptionId)
    {
        ArgumentNullException.ThrowIfNull(request);
        return HandleAsync(customerId, subscriptionId, request);
    }

    private async Task<IResult> HandleAsync(string customerId, string subscriptionId, HttpRequest request)
    {
        var context = request.HttpContext;
        var partner = context.Partner();
        if (!RouteIds.TryParse<CustomerId>(customerId, "customerId", out var customer, out var problem)
            || !RouteIds.TryParse<SubscriptionId>(subscriptionId, "subscriptionId", out var subscription, out problem))
        {
            return problem;
        }

        // The token is bound to this customer's subscription: one made for another list is a 400, not a silent restart.
        var list = $"history|{customer.Value}|{subscription.Value}";
        if (!PageRequest.TryRead(request, partner, list, out var page, out problem))
        {
            return problem;
        }

        if (page.StorageToken is { } position && !SubscriptionHistoryStore.IsPosition(position))
        {
            return ContinuationToken.Refused();
        }

        var read = await history.ReadPageAsync(partner, customer, subscription, page.Top, page.StorageToken, context.RequestAborted);
        if (read is null)
        {
            return Problems.NotFound("subscription");
        }

        return Results.Ok(new SubscriptionHistoryResponse(
            read.Entries.Select(SubscriptionHistoryEntryResponse.From).ToList(),
            ContinuationToken.Create(partner, list, read.Next)));
    }
}
