using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.Hosting;
using CspUpgrades.Functions.Http;
using CspUpgrades.Functions.Security;
using CspUpgrades.Storage.Operations;
using Microsoft.Azure.Functions.Worker;

namespace CspUpgrades.Functions.GetUpgradeOperation;

/// <summary>GET /api/operations/{operationId}: queued → running → succeeded | failed.</summary>
public sealed class GetUpgradeOperationFunction(UpgradeOperationStore operations)
{
    [Function(nameof(FunctionManifest.GetUpgradeOperation))]
    [RequiresPartner]
    public Task<IResult> GetUpgradeOperation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "operations/{operationId}")] HttpRequest request,
        string operationId)
    {
        ArgumentNullException.ThrowIfNull(request);
        return HandleAsync(operationId, request.HttpContext, operations);
    }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapHttpFunction(FunctionManifest.GetUpgradeOperation, HandleAsync)
            .RequirePartner()
            .Produces<OperationResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

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
