using CspUpgrades.Functions.Http;
using Microsoft.Azure.Functions.Worker;

namespace CspUpgrades.Functions.Telemetry;

/// <summary>
/// GET /api/diagnostics/storage-requests: the <see cref="StorageRequestReport"/> of the worker's
/// <see cref="StorageRequestCountingMiddleware"/>, for the benchmark. Anonymous, and not part of the API: not in
/// <see cref="ApiRoutes"/> nor in the OpenAPI document. With the setting off (the
/// default, and always in Azure) it answers exactly as a route that does not exist: the 404 problem. Any other method
/// meets <see cref="AnswerUnmatchedRouteFunction"/>, which knows only the API's routes: 404 as well.
/// </summary>
public sealed class GetStorageRequestReportFunction(StorageRequestTally tally, IConfiguration configuration)
{
    public const string Name = "GetStorageRequestReport";

    [Function(Name)]
    [ExcludeFromDescription]
    public IResult GetStorageRequestReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = StorageRequestDiagnostics.Route)] HttpRequest request) =>
        StorageRequestDiagnostics.IsEnabled(configuration) ? Results.Ok(tally.Report()) : Problems.ForStatus(StatusCodes.Status404NotFound);
}
