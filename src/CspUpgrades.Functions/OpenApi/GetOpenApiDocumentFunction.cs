using System.Text;
using System.Text.Json;
using CspUpgrades.Functions.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace CspUpgrades.Functions.OpenApi;

/// <summary>
/// GET /api/openapi/v1.json: the API's OpenAPI 3.1 document, built once from the functions themselves
/// (<see cref="OpenApiDocumentBuilder"/>) with the serializer options the answers are written with.
/// </summary>
public sealed class GetOpenApiDocumentFunction(IOptions<JsonOptions> json)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static byte[]? _document;

    [Function(nameof(GetOpenApiDocument))]
    [ExcludeFromDescription]
    public IResult GetOpenApiDocument([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.OpenApiDocument)] HttpRequest request) =>
        Results.Bytes(_document ??= Render(json.Value.SerializerOptions), "application/json;charset=utf-8");

    /// <summary>The document as served and committed: indented, LF line ends, a final newline.</summary>
    public static byte[] Render(JsonSerializerOptions serializerOptions) =>
        Encoding.UTF8.GetBytes(OpenApiDocumentBuilder.Build(typeof(GetOpenApiDocumentFunction).Assembly, serializerOptions).ToJsonString(Indented) + "\n");
}
