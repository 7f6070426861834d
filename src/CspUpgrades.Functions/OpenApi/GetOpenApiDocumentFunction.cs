using CspUpgrades.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;

namespace CspUpgrades.Functions.OpenApi;

/// <summary>
/// GET /api/openapi/v1.json: the API's OpenAPI 3 document. The worker has no generator of its own (the worker's OpenAPI
/// extension is not available here), so it serves the committed <c>openapi.v1.json</c>, which a test holds equal to the
/// document the endpoints' metadata generates.
/// </summary>
public sealed class GetOpenApiDocumentFunction
{
    private static readonly Lazy<byte[]> Document = new(() =>
    {
        using var stream = typeof(GetOpenApiDocumentFunction).Assembly.GetManifestResourceStream("CspUpgrades.Functions.OpenApi.openapi.v1.json")
            ?? throw new InvalidOperationException("The OpenAPI document is not embedded in the app.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    [Function(nameof(FunctionManifest.GetOpenApiDocument))]
    public static IResult GetOpenApiDocument([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi/v1.json")] HttpRequest request) =>
        Results.Bytes(Document.Value, "application/json;charset=utf-8");
}
