using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.Http;
using CspUpgrades.Functions.Security;
using CspUpgrades.Functions.Upgrades;
using CspUpgrades.Storage.Operations;
using CspUpgrades.Storage.Partners;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace CspUpgrades.Functions.GetUpgradeOperation;

/// <summary>GET /api/operations/{operationId}: queued → running → succeeded | failed.</summary>
public sealed class GetUpgradeOperationFunction(UpgradeOperationStore operations)
{
    [Function(nameof(GetUpgradeOperation))]
    [EndpointSummary("Follow an upgrade: queued, running, then succeeded or failed, with its result and billing lines")]
    [Tags("Upgrades")]
    [ProducesResponseType<OperationResponse>(StatusCodes.Status200OK)]
    [ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound)]
    [RequiresPartner(PartnerPermission.Read)]
    public Task<IResult> GetUpgradeOperation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Operation)] HttpRequest request,
        string operationId)
    {
        ArgumentNullException.ThrowIfNull(request);
        return HandleAsync(operationId, request.HttpContext, operations);
    }


    private static async Task<IResult> HandleAsync(string operationId, HttpContext context, UpgradeOperationStore operations)
    {
        if (!RouteIds.TryParse<OperationId>(operationId, "operationId", out var id, out var problem))
        {
            return problem;
        }

        var operation = await operations.FindAsync(context.Partner(), id, context.RequestAborted);
        if (operation is null)
        {
            return Problems.NotFound("operation");
        }

        // Clients poll while the operation is not finished.
        if (!operation.IsFinished)
        {
            context.Response.Headers.RetryAfter = "2";
        }

        return Results.Ok(OperationResponse.From(operation));
    }
}
