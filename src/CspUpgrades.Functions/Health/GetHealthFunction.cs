using CspUpgrades.Functions.Http;
using Microsoft.Azure.Functions.Worker;

namespace CspUpgrades.Functions.Health;

/// <summary>GET /api/health: the app is up and its functions are loaded (no storage call, no key).</summary>
public sealed class GetHealthFunction
{
    [Function(nameof(GetHealth))]
    [ExcludeFromDescription]
    public static IResult GetHealth([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Health)] HttpRequest request) =>
        Results.Ok(new { status = "healthy" });
}
