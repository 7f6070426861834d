using CspUpgrades.Functions.Http;
using Microsoft.Azure.Functions.Worker;

namespace CspUpgrades.Functions.OpenApi;

/// <summary>
/// GET /api/openapi/v1.json: the API's OpenAPI 3 document. The worker has no generator of its own (the worker's OpenAPI
/// extension is not available here), so it serves the committed <c>openapi.v1.json</c> (generated from the custom handler's
/// endpoints when the app moved to the worker, maintained with the functions since); the API's tests hold it to them.
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

    [Function(nameof(GetOpenApiDocument))]
    public static IResult GetOpenApiDocument([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.OpenApiDocument)] HttpRequest request) =>
        Results.Bytes(Document.Value, "application/json;charset=utf-8");
}
