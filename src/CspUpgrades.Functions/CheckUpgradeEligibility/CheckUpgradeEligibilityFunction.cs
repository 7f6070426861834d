using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.Http;
using CspUpgrades.Functions.Security;
using CspUpgrades.Storage.Partners;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace CspUpgrades.Functions.CheckUpgradeEligibility;

/// <summary>GET /api/customers/{customerId}/subscriptions/{subscriptionId}/upgrades</summary>
public sealed class CheckUpgradeEligibilityFunction(CheckUpgradeEligibilityHandler handler)
{
    public const string AsOfParameter = "asOf";

    [Function(nameof(CheckUpgradeEligibility))]
    [EndpointSummary("Check which upgrades the subscription can have now, and exactly why not")]
    [EndpointDescription("Every target of the subscription's offer, each with both upgrade types, `isEligible`, the seats it would move and every reason it is blocked. Each eligible option has a `preview`: the credit, charge and net it would bill and the users it would move, keep and leave to manual work — made by the planner the upgrade runs with, so an upgrade of that quantity on that date bills exactly that.")]
    [Tags("Upgrades")]
    [QueryParameter(AsOfParameter, "Price the previews for this day (YYYY-MM-DD) of the subscription's current billing period; default today (UTC).", """{"type":"string","format":"date"}""")]
    [ProducesResponseType<EligibilityResponse>(StatusCodes.Status200OK)]
    [ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound)]
    [RequiresPartner(PartnerPermission.Read)]
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
            || !RouteIds.TryParse<SubscriptionId>(subscriptionId, "subscriptionId", out var subscription, out problem)
            || !QueryValues.TryReadDate(context.Request, AsOfParameter, out var asOf, out problem))
        {
            return problem;
        }

        return await handler.HandleAsync(context.Partner(), customer, subscription, asOf, context.RequestAborted) switch
        {
            EligibilityOutcome.Found found => Results.Ok(EligibilityResponse.From(found.Outlook)),
            EligibilityOutcome.AsOfOutsidePeriod outside => Problems.Validation(
                AsOfParameter,
                $"'asOf' must be a day of the subscription's current billing period, {outside.Period.Start:yyyy-MM-dd} to {outside.Period.End.AddDays(-1):yyyy-MM-dd}."),
            _ => Problems.NotFound("subscription"),
        };
    }
}
