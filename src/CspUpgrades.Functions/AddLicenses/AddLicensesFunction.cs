using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.Http;
using CspUpgrades.Functions.Security;
using CspUpgrades.Functions.Upgrades;
using CspUpgrades.Storage.Partners;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace CspUpgrades.Functions.AddLicenses;

/// <summary>
/// POST /api/customers/{customerId}/subscriptions/{subscriptionId}/licenses. Optional <c>If-Match</c>
/// (the subscription's version, as returned in <c>ETag</c>) and <c>Idempotency-Key</c>.
/// </summary>
public sealed class AddLicensesFunction(AddLicensesHandler handler)
{
    [Function(nameof(AddLicenses))]
    [EndpointSummary("Add licenses to a subscription, with a prorated charge and the Business seat cap")]
    [Tags("Licenses")]
    [Consumes(typeof(AddLicensesBody), "application/json")]
    [RequestHeader("If-Match", "The subscription's version as an entity tag (`\"3\"`), from `ETag`: refused with 412 if it has changed.")]
    [RequestHeader(IdempotencyKey.HeaderName, "Makes a retry safe: 1-255 printable ASCII characters other than a comma.")]
    [ProducesResponseType<AddLicensesResponse>(StatusCodes.Status200OK)]
    [ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status412PreconditionFailed, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity)]
    [RequiresPartner(PartnerPermission.Write)]
    public Task<IResult> AddLicenses(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Licenses)] HttpRequest request,
        string customerId,
        string subscriptionId)
    {
        ArgumentNullException.ThrowIfNull(request);
        return HandleAsync(customerId, subscriptionId, request.HttpContext, handler);
    }

    private static async Task<IResult> HandleAsync(string customerId, string subscriptionId, HttpContext context, AddLicensesHandler handler)
    {
        if (!RouteIds.TryParse<CustomerId>(customerId, "customerId", out var customer, out var problem)
            || !RouteIds.TryParse<SubscriptionId>(subscriptionId, "subscriptionId", out var subscription, out problem))
        {
            return problem;
        }

        if (!IdempotencyKey.TryRead(context.Request, out var key, out problem))
        {
            return problem;
        }

        if (!SubscriptionETag.TryReadIfMatch(context.Request, out var expectedVersion, out problem))
        {
            return problem;
        }

        var body = await JsonBody.ReadAsync<AddLicensesBody>(context.Request);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        if (body.Value!.Quantity is not { } quantity || !SeatsPerRequest.IsValid(quantity))
        {
            return SeatsPerRequest.Refusal("quantity");
        }

        // A key is remembered per customer, and the customer is part of the id: the charge's line id ({operationId}-charge)
        // is then unique per partner, even when two customers' changes carry the same key (a billing export keys on it).
        var operationId = key.Length > 0
            ? OperationIdFor(context.Partner(), customer, key)
            : new OperationId(Guid.NewGuid().ToString("D"));
        var outcome = await handler.HandleAsync(context.Partner(), customer, subscription, quantity, expectedVersion, operationId, context.RequestAborted);
        switch (outcome)
        {
            case AddLicensesOutcome.Added added:
                context.Response.Headers.ETag = SubscriptionETag.Of(added.Subscription.Version);
                return Results.Ok(new AddLicensesResponse(SubscriptionResponse.From(added.Subscription), BillingLineResponse.From(added.Charge)));
            case AddLicensesOutcome.VersionMismatch mismatch:
                return Problems.PreconditionFailed($"The subscription is at version {mismatch.CurrentVersion}; read it again before changing it.");
            case AddLicensesOutcome.Refused refused:
                return Refused(refused.Errors);
            case AddLicensesOutcome.KeyReused:
                return Problems.IdempotencyKeyReused();
            default:
                return Problems.NotFound("subscription");
        }
    }

    /// <summary>The license change an <c>Idempotency-Key</c> names: the same for a retry, another for another customer.</summary>
    public static OperationId OperationIdFor(PartnerId partner, CustomerId customer, string key) =>
        IdempotencyKey.OperationIdFor(partner, $"licenses\n{customer.Value}\n{key}");

    private static IResult Refused(IReadOnlyList<UpgradeError> errors)
    {
        var extensions = new Dictionary<string, object?> { ["upgradeErrors"] = errors };
        var detail = string.Join(" ", errors.Select(error => error.Description + (error.AdditionalDetails is { } more ? " " + more : string.Empty)));
        if (errors.FirstOrDefault(error => error.Code == UpgradeErrorCodes.InvalidQuantity) is { } quantity)
        {
            // What was asked can never be added (e.g. past the most seats a subscription holds): name the field.
            extensions["errors"] = new Dictionary<string, string[]> { ["quantity"] = [quantity.Description + " " + quantity.AdditionalDetails] };
            return Problems.Unprocessable("licenses_not_added", "These licenses cannot be added.", detail, extensions);
        }

        return Problems.Conflict(errors[0].Code, "These licenses cannot be added now.", detail, extensions);
    }
}
