using System.Globalization;
using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Planning;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.Http;
using CspUpgrades.Functions.Security;
using CspUpgrades.Storage.Customers;
using CspUpgrades.Storage.Partners;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace CspUpgrades.Functions.PreviewAddLicenses;

/// <summary>
/// GET /api/customers/{customerId}/subscriptions/{subscriptionId}/licenses/preview?quantity=N: what AddLicenses would do with
/// the same quantity today — the same rules (<see cref="LicenseAddition"/>) and the same prorated charge — without committing
/// anything. One storage request. Its <c>version</c> (also the <c>ETag</c>) is what AddLicenses' <c>If-Match</c> takes, so a
/// partner that sends it back is charged what it saw, or told the subscription changed meanwhile.
/// </summary>
public sealed class PreviewAddLicensesFunction(CustomerStore customers, OfferCatalog catalog, TimeProvider time)
{
    public const string QuantityParameter = "quantity";

    // Previews are never committed: the charge's line id derived from this is not shown.
    private static readonly OperationId PreviewOperation = new("preview");

    [Function(nameof(PreviewAddLicenses))]
    [RequiresPartner(PartnerPermission.Read)]
    [EndpointSummary("Preview adding licenses: whether it is allowed, the new quantity and the prorated charge, without committing")]
    [EndpointDescription("The same rules and charge AddLicenses applies today, and the subscription's `version` (also the `ETag`) to send back in AddLicenses' `If-Match`: then the charge is the one previewed, or the answer is 412 because the subscription changed.")]
    [Tags("Licenses")]
    [QueryParameter(QuantityParameter, "Seats to add, 1–10,000 (as AddLicenses takes them).", """{"type":"integer","minimum":1,"maximum":10000}""", Required = true)]
    [ProducesResponseType<LicensePreviewResponse>(StatusCodes.Status200OK)]
    [ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound)]
    public Task<IResult> PreviewAddLicenses(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.LicensesPreview)] HttpRequest request,
        string customerId,
        string subscriptionId)
    {
        ArgumentNullException.ThrowIfNull(request);
        return HandleAsync(customerId, subscriptionId, request.HttpContext);
    }

    private async Task<IResult> HandleAsync(string customerId, string subscriptionId, HttpContext context)
    {
        if (!RouteIds.TryParse<CustomerId>(customerId, "customerId", out var customer, out var problem)
            || !RouteIds.TryParse<SubscriptionId>(subscriptionId, "subscriptionId", out var id, out problem)
            || !TryReadQuantity(context.Request, out var quantity, out problem))
        {
            return problem;
        }

        var record = await customers.LoadAsync(context.Partner(), customer, cancellationToken: context.RequestAborted);
        if (record?.Snapshot.FindSubscription(id) is not { } subscription)
        {
            return Problems.NotFound("subscription");
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var planned = LicenseAddition.Plan(catalog, record.Snapshot, id, quantity, PreviewOperation, today);
        context.Response.Headers.ETag = SubscriptionETag.Of(subscription.Version);
        return Results.Ok(LicensePreviewResponse.From(subscription, quantity, today, planned));
    }

    private static bool TryReadQuantity(HttpRequest request, out int quantity, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out IResult? problem)
    {
        quantity = 0;
        if (!QueryValues.TryReadSingle(request, QuantityParameter, out var text, out problem))
        {
            return false;
        }

        if (text is not null
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out quantity)
            && SeatsPerRequest.IsValid(quantity))
        {
            return true;
        }

        problem = SeatsPerRequest.Refusal(QuantityParameter);
        return false;
    }
}
