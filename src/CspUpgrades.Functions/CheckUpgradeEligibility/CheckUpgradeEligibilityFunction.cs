using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.Http;
using CspUpgrades.Functions.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace CspUpgrades.Functions.CheckUpgradeEligibility;

/// <summary>GET /api/customers/{customerId}/subscriptions/{subscriptionId}/upgrades</summary>
public sealed class CheckUpgradeEligibilityFunction(CheckUpgradeEligibilityHandler handler)
{
    [Function(nameof(CheckUpgradeEligibility))]
    [EndpointSummary("Check which upgrades the subscription can have now, and exactly why not")]
    [EndpointDescription("Every target of the subscription's offer, each with both upgrade types, `isEligible`, the seats it would move and every reason it is blocked.")]
    [Tags("Upgrades")]
    [ProducesResponseType<EligibilityResponse>(StatusCodes.Status200OK)]
    [ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound)]
    [RequiresPartner]
    public Task<IResult> CheckUpgradeEligibility(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Upgrades)] HttpRequest request,
        string customerId,
        string subscriptionId)
    {
        ArgumentNullException.ThrowIfNull(request);
        return HandleAsync(customerId, subscriptionId, request.HttpContext, handler);
    }


    private static async Task<IResult> HandleAsync(
        string customerId, string subscriptionId, HttpContext context, CheckUpgradeEligibilityHandler handler)
    {
        if (!RouteIds.TryParse<CustomerId>(customerId, "customerId", out var customer, out var problem)
            || !RouteIds.TryParse<SubscriptionId>(subscriptionId, "subscriptionId", out var subscription, out problem))
        {
            return problem;
        }

        var result = await handler.HandleAsync(context.Partner(), customer, subscription, context.RequestAborted);
        return result is null ? Problems.NotFound("subscription") : Results.Ok(EligibilityResponse.From(result));
    }
}
