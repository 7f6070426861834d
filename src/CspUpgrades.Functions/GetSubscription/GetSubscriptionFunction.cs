using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.Http;
using CspUpgrades.Functions.Security;
using CspUpgrades.Storage.Customers;
using CspUpgrades.Storage.Partners;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace CspUpgrades.Functions.GetSubscription;

/// <summary>
/// GET /api/customers/{customerId}/subscriptions/{subscriptionId}: one subscription, with <c>ETag: "{version}"</c> (what
/// AddLicenses' <c>If-Match</c> takes); <c>If-None-Match</c> with the current version answers 304. One storage request.
/// </summary>
public sealed class GetSubscriptionFunction(CustomerStore customers, OfferCatalog catalog)
{
    [Function(nameof(GetSubscription))]
    [RequiresPartner(PartnerPermission.Read)]
    [EndpointSummary("Read one subscription: offer, channel, seats and their users, term, price, and its version")]
    [EndpointDescription("`ETag` is the subscription's version, the value AddLicenses' `If-Match` takes; `If-None-Match` with it answers 304 when nothing changed.")]
    [Tags("Subscriptions")]
    [RequestHeader("If-None-Match", "An `ETag` read before: 304 while the subscription is still at that version.")]
    [ProducesResponseType<SubscriptionDetailResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    [ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound)]
    public Task<IResult> GetSubscription(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Subscription)] HttpRequest request,
        string customerId,
        string subscriptionId)
    {
        ArgumentNullException.ThrowIfNull(request);
        return HandleAsync(customerId, subscriptionId, request.HttpContext);
    }

    private async Task<IResult> HandleAsync(string customerId, string subscriptionId, HttpContext context)
    {
        if (!RouteIds.TryParse<CustomerId>(customerId, "customerId", out var customer, out var problem)
            || !RouteIds.TryParse<SubscriptionId>(subscriptionId, "subscriptionId", out var id, out problem))
        {
            return problem;
        }

        var record = await customers.LoadAsync(context.Partner(), customer, cancellationToken: context.RequestAborted);
        if (record?.Snapshot.FindSubscription(id) is not { } subscription)
        {
            return Problems.NotFound("subscription");
        }

        return SubscriptionETag.SetAndMatchIfNoneMatch(context, subscription.Version)
            ? Results.StatusCode(StatusCodes.Status304NotModified)
            : Results.Ok(SubscriptionDetailResponse.From(subscription, catalog));
    }
}
