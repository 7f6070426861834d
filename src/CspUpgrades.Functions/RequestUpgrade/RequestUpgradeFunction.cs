using System.Diagnostics.CodeAnalysis;
using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Planning;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.Http;
using CspUpgrades.Functions.Security;
using CspUpgrades.Functions.Upgrades;
using CspUpgrades.Storage.Partners;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace CspUpgrades.Functions.RequestUpgrade;

/// <summary>POST /api/customers/{customerId}/subscriptions/{subscriptionId}/upgrades → 202 + Location of the operation.</summary>
public sealed class RequestUpgradeFunction(RequestUpgradeHandler handler, OfferCatalog catalog)
{
    // Refusals about what was asked (422), as opposed to the subscription's current state (409).
    private static readonly HashSet<string> RequestErrors =
    [
        UpgradeErrorCodes.SubscriptionTargetOfferNotFound, UpgradeErrorCodes.UpgradePathNotSupported,
        UpgradeErrorCodes.RegionMismatch, UpgradeErrorCodes.InvalidQuantity, UpgradeErrorCodes.SubscriptionDoesNotHaveAnyUpgradePaths,
    ];

    [Function(nameof(RequestUpgrade))]
    [EndpointSummary("Request an upgrade: re-checks eligibility, records the operation and queues it")]
    [EndpointDescription("Answers 202 with the operation and its `Location`; follow it with GetUpgradeOperation. With an `Idempotency-Key`, a retry answers with the first operation.")]
    [Tags("Upgrades")]
    [Consumes(typeof(RequestUpgradeBody), "application/json")]
    [RequestHeader(IdempotencyKey.HeaderName, "Makes a retry safe: 1-255 printable ASCII characters other than a comma.")]
    [ProducesResponseType<OperationResponse>(StatusCodes.Status202Accepted)]
    [ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity)]
    [RequiresPartner(PartnerPermission.Write)]
    public Task<IResult> RequestUpgrade(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Upgrades)] HttpRequest request,
        string customerId,
        string subscriptionId)
    {
        ArgumentNullException.ThrowIfNull(request);
        return HandleAsync(customerId, subscriptionId, request.HttpContext, handler, catalog);
    }


    private static async Task<IResult> HandleAsync(
        string customerId, string subscriptionId, HttpContext context, RequestUpgradeHandler handler, OfferCatalog catalog)
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

        var body = await JsonBody.ReadAsync<RequestUpgradeBody>(context.Request);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        if (!TryReadRequest(body.Value!, subscription, catalog, out var request, out problem))
        {
            return problem;
        }

        var outcome = await handler.HandleAsync(context.Partner(), customer, request, key.Length > 0 ? key : null, context.RequestAborted);
        return outcome switch
        {
            RequestUpgradeOutcome.Accepted accepted => Results.Accepted(
                OperationResponse.LocationOf(accepted.Operation.Id.Value), OperationResponse.From(accepted.Operation)),
            RequestUpgradeOutcome.NotEligible refused => Refused(refused.Errors),
            RequestUpgradeOutcome.KeyReused => Problems.IdempotencyKeyReused(),
            _ => Problems.NotFound("subscription"),
        };
    }

    private static bool TryReadRequest(
        RequestUpgradeBody body, SubscriptionId subscription, OfferCatalog catalog, out UpgradeRequest request, [NotNullWhen(false)] out IResult? problem)
    {
        request = null!;
        OfferId target;
        if (string.IsNullOrWhiteSpace(body.TargetOffer))
        {
            problem = Problems.Validation("targetOffer", "'targetOffer' is required: an offer id, display name or alias.");
            return false;
        }

        if (catalog.Resolve(body.TargetOffer) is { } offer)
        {
            target = offer.Id;
        }
        else if (!RouteIds.TryParse(body.TargetOffer, "targetOffer", out target, out problem))
        {
            return false;
        }

        UpgradeType type;
        switch (body.UpgradeType)
        {
            case "upgrade_only":
                type = UpgradeType.UpgradeOnly;
                break;
            case "upgrade_with_license_transfer":
                type = UpgradeType.UpgradeWithLicenseTransfer;
                break;
            default:
                problem = Problems.Validation("upgradeType", "'upgradeType' must be 'upgrade_only' or 'upgrade_with_license_transfer'.");
                return false;
        }

        request = new UpgradeRequest(subscription, target, type, body.Quantity);
        problem = null;
        return true;
    }

    private static IResult Refused(IReadOnlyList<UpgradeError> errors)
    {
        var extensions = new Dictionary<string, object?> { ["upgradeErrors"] = errors };
        var detail = string.Join(" ", errors.Select(error => error.Description));
        return errors.Any(error => RequestErrors.Contains(error.Code))
            ? Problems.Unprocessable("upgrade_not_possible", "This upgrade cannot be requested.", detail, extensions)
            : Problems.Conflict("upgrade_not_eligible", "The subscription is not eligible for this upgrade now.", detail, extensions);
    }
}
