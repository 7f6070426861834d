using System.Text.Json;
using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.Http;
using CspUpgrades.Functions.Security;
using CspUpgrades.Functions.Upgrades;
using CspUpgrades.Storage.Customers;
using CspUpgrades.Storage.Partners;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace CspUpgrades.Functions.ListSubscriptions;

/// <summary>
/// GET /api/customers/{customerId}/subscriptions: every subscription of the customer, whoever sells it, each with its upgrade
/// indicator — the same evaluation and previews CheckUpgradeEligibility answers with (<see cref="UpgradeOutlooks"/>). One storage
/// request, however many subscriptions the customer has.
/// </summary>
public sealed class ListSubscriptionsFunction(CustomerStore customers, UpgradeOutlooks outlooks, OfferCatalog catalog)
{
    public const string StatusParameter = "status";
    public const string UpgradableParameter = "upgradable";

    private static readonly Dictionary<string, SubscriptionStatus> Statuses =
        Enum.GetValues<SubscriptionStatus>().ToDictionary(status => JsonSerializer.Serialize(status).Trim('"'), StringComparer.Ordinal);

    private static readonly Dictionary<string, bool> Booleans = new(StringComparer.Ordinal) { ["true"] = true, ["false"] = false };

    [Function(nameof(ListSubscriptions))]
    [RequiresPartner(PartnerPermission.Read)]
    [EndpointSummary("List the customer's subscriptions, each with whether it can be upgraded now, to what and at what price, or why not")]
    [EndpointDescription("Every subscription of the customer: this partner's, and those held through another partner or bought directly (`channel`). `upgrade.isAvailable` is the information icon Partner Center shows after an upgradable subscription's name; `upgrade.options` are its eligible options with their previews, exactly as CheckUpgradeEligibility lists them; `upgrade.upgradeErrors` says every reason none is available. Previews are priced for today (UTC).")]
    [Tags("Subscriptions")]
    [QueryParameter(StatusParameter, "Only subscriptions with this status.", """{"type":"string","enum":["active","suspended","cancelled","pending"]}""")]
    [QueryParameter(UpgradableParameter, "`true`: only those with an upgrade available now; `false`: only those without.", """{"type":"string","enum":["true","false"]}""")]
    [ProducesResponseType<SubscriptionListResponse>(StatusCodes.Status200OK)]
    [ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound)]
    public Task<IResult> ListSubscriptions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Subscriptions)] HttpRequest request,
        string customerId)
    {
        ArgumentNullException.ThrowIfNull(request);
        return HandleAsync(customerId, request.HttpContext);
    }

    private async Task<IResult> HandleAsync(string customerId, HttpContext context)
    {
        if (!RouteIds.TryParse<CustomerId>(customerId, "customerId", out var customer, out var problem)
            || !QueryValues.TryReadOneOf(context.Request, StatusParameter, Statuses.Keys, out var status, out problem)
            || !QueryValues.TryReadOneOf(context.Request, UpgradableParameter, Booleans.Keys, out var upgradable, out problem))
        {
            return problem;
        }

        var record = await customers.LoadAsync(context.Partner(), customer, cancellationToken: context.RequestAborted);
        if (record is null)
        {
            return Problems.NotFound("customer");
        }

        var items =
            from subscription in record.Snapshot.Subscriptions
            where status is null || subscription.Status == Statuses[status]
            let outlook = outlooks.For(record, subscription.Id)
            where upgradable is null || outlook.Eligibility.IsAvailable == Booleans[upgradable]
            select SubscriptionSummaryResponse.From(subscription, outlook, catalog);
        return Results.Ok(new SubscriptionListResponse(customer.Value, outlooks.Today, items.ToList()));
    }
}
