using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Functions.Http;
using CspUpgrades.Functions.Security;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.Formatters;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Azure.Functions.Worker;

namespace CspUpgrades.Functions.OpenApi;

/// <summary>
/// The API's OpenAPI 3.1 document, derived from the functions themselves: every <c>[Function]</c> with an
/// <c>[HttpTrigger]</c> (its route and methods) that is not <c>[ExcludeFromDescription]</c>, described by the ASP.NET Core
/// metadata attributes on it (<c>[EndpointSummary]</c>, <c>[Tags]</c>, <c>[Consumes]</c>, <c>[ProducesResponseType]</c>) and
/// our own (<see cref="ProducesProblemsAttribute"/>, <see cref="RequestHeaderAttribute"/>); bodies as
/// <see cref="ComponentSchemas"/>. The committed copy (docs/openapi.v1.json) is held to it by a test.
/// </summary>
public static class OpenApiDocumentBuilder
{
    public const string ApiKeyScheme = "ApiKey";
    public const string EntraIdScheme = "EntraId";
    private const string ProblemJson = "application/problem+json";

    // What each route value must look like (RouteIds and GetAuditReport refuse anything else with a 400).
    private static readonly Dictionary<string, JsonObject> RouteValues = new(StringComparer.Ordinal)
    {
        ["customerId"] = IdParameter("The customer's id."),
        ["subscriptionId"] = IdParameter("The subscription's id."),
        ["operationId"] = IdParameter("The operation's id, from the `Location` of RequestUpgrade or derived from its `Idempotency-Key`."),
        ["runId"] = new() { ["description"] = "`latest`, or an audit run's id (e.g. `20261121T020000Z-1a2b3c4d`).", ["schema"] = new JsonObject { ["type"] = "string", ["pattern"] = "^[A-Za-z0-9-]{1,64}$" } },
    };

    public static JsonObject Build(Assembly functions, JsonSerializerOptions json)
    {
        ArgumentNullException.ThrowIfNull(functions);
        var schemas = new ComponentSchemas(json);
        var problem = schemas.Add("ProblemDetails", ProblemDetailsSchema(schemas));
        var paths = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var (function, route, methods, method) in HttpFunctions(functions))
        {
            var item = paths.TryGetValue(route, out var existing) ? existing : paths[route] = [];
            foreach (var verb in methods)
            {
                item[verb] = Operation(function, route, method, schemas, problem);
            }
        }

        return new JsonObject
        {
            ["openapi"] = "3.1.1",
            ["info"] = new JsonObject
            {
                ["title"] = "CspUpgrades",
                ["version"] = "1.0.0",
                ["summary"] = "Office 365 subscription upgrades for Microsoft CSP partners: eligibility, upgrades, licenses, audit.",
                ["description"] = "Reference with examples: docs/API.md. Errors are RFC 9457 problem details with a stable `code`.",
                ["license"] = new JsonObject { ["name"] = "Proprietary", ["identifier"] = "LicenseRef-Proprietary" },
            },
            ["servers"] = new JsonArray(
                new JsonObject { ["url"] = "http://127.0.0.1:7071", ["description"] = "Local: ./run.sh" },
                new JsonObject
                {
                    ["url"] = "https://{app}.azurewebsites.net",
                    ["description"] = "Azure Functions (Flex Consumption)",
                    ["variables"] = new JsonObject { ["app"] = new JsonObject { ["default"] = "cspupgrades", ["description"] = "The function app's name." } },
                }),
            ["security"] = new JsonArray(new JsonObject { [ApiKeyScheme] = new JsonArray() }, new JsonObject { [EntraIdScheme] = new JsonArray() }),
            ["tags"] = new JsonArray(
                Tag("Customers", "The partner's customers, each with how many of its subscriptions can be upgraded now."),
                Tag("Subscriptions", "A customer's subscriptions as the partner sees them before a change."),
                Tag("Upgrades", "Eligibility, upgrade requests and their operations."),
                Tag("Licenses", "Seats added to a subscription."),
                Tag("Audit", "The daily audit of suspended subscriptions that block upgrades."),
                Tag("Webhooks", "Signed subscription-change events that keep the app's state current.")),
            ["paths"] = new JsonObject(paths.Select(path => KeyValuePair.Create(path.Key, (JsonNode?)path.Value))),
            ["components"] = new JsonObject
            {
                ["securitySchemes"] = new JsonObject
                {
                    [ApiKeyScheme] = new JsonObject
                    {
                        ["type"] = "apiKey",
                        ["in"] = "header",
                        ["name"] = PartnerAuthentication.HeaderName,
                        ["description"] = "The partner's API key (`csp_…`), created with the operator console with a scope, read or write; see docs/API.md.",
                    },
                    [EntraIdScheme] = new JsonObject
                    {
                        ["type"] = "http",
                        ["scheme"] = "bearer",
                        ["bearerFormat"] = "JWT",
                        ["description"] = "A Microsoft Entra ID v2.0 access token for this API (where the deployment turned it on): the app role or " +
                            "delegated scope `Upgrades.Read` or `Upgrades.Write`, from a tenant mapped to the partner; see docs/API.md, \"Authentication\".",
                    },
                },
                ["schemas"] = new JsonObject(schemas.All.Select(schema => KeyValuePair.Create(schema.Key, (JsonNode?)schema.Value.DeepClone()))),
            },
        };
    }

    /// <summary>The described HTTP functions, by route then name: (name, path, lower-case methods, method).</summary>
    private static IEnumerable<(string Name, string Path, string[] Methods, MethodInfo Method)> HttpFunctions(Assembly functions) =>
        from type in functions.GetTypes()
        from method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
        let function = method.GetCustomAttribute<FunctionAttribute>()
        let trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(t => t is not null)
        where function is not null && trigger is not null && !method.IsDefined(typeof(ExcludeFromDescriptionAttribute))
        orderby trigger.Route, function.Name
        select (function.Name, "/api/" + trigger.Route, (trigger.Methods ?? []).Select(m => m.ToLowerInvariant()).ToArray(), method);

    private static JsonObject Operation(string name, string route, MethodInfo method, ComponentSchemas schemas, JsonObject problem)
    {
        var required = method.GetCustomAttribute<RequiresPartnerAttribute>();
        var partner = required is not null;
        var operation = new JsonObject
        {
            ["operationId"] = name,
            ["summary"] = method.GetCustomAttribute<EndpointSummaryAttribute>()?.Summary
                ?? throw new InvalidOperationException($"{name} has no [EndpointSummary]."),
        };
        if (method.GetCustomAttribute<EndpointDescriptionAttribute>() is { } description)
        {
            operation["description"] = description.Description;
        }

        operation["tags"] = new JsonArray(method.GetCustomAttribute<TagsAttribute>()?.Tags.Select(tag => (JsonNode?)tag).ToArray() ?? []);
        if (required is null)
        {
            operation["security"] = new JsonArray(); // not a partner's credential: open, or (webhooks) authenticated by its signature
        }
        else
        {
            // Either scheme; a token must carry the role (or scope) named, as OpenAPI 3.1 lets a non-OAuth scheme name roles.
            operation["security"] = new JsonArray(
                new JsonObject { [ApiKeyScheme] = new JsonArray() },
                new JsonObject { [EntraIdScheme] = new JsonArray(EntraPermissions.NameOf(required.Permission)) });
        }

        var parameters = new JsonArray();
        foreach (var value in RouteValueNames(route))
        {
            var parameter = (JsonObject)RouteValues[value].DeepClone();
            parameter.Insert(0, "name", value);
            parameter.Insert(1, "in", "path");
            parameter.Insert(2, "required", true);
            parameters.Add(parameter);
        }

        foreach (var query in method.GetCustomAttributes<QueryParameterAttribute>())
        {
            parameters.Add(new JsonObject
            {
                ["name"] = query.Name, ["in"] = "query", ["required"] = query.Required, ["description"] = query.Description,
                ["schema"] = JsonNode.Parse(query.Schema),
            });
        }

        foreach (var header in method.GetCustomAttributes<RequestHeaderAttribute>())
        {
            parameters.Add(new JsonObject
            {
                ["name"] = header.Name, ["in"] = "header", ["required"] = header.Required, ["description"] = header.Description,
                ["schema"] = new JsonObject { ["type"] = "string" },
            });
        }

        if (parameters.Count > 0)
        {
            operation["parameters"] = parameters;
        }

        if (method.GetCustomAttribute<ConsumesAttribute>() is IAcceptsMetadata { RequestType: { } body } consumes)
        {
            operation["requestBody"] = new JsonObject
            {
                ["required"] = true,
                ["content"] = new JsonObject(consumes.ContentTypes.Select(type =>
                    KeyValuePair.Create(type, (JsonNode?)new JsonObject { ["schema"] = schemas.ReferenceTo(body) }))),
            };
        }

        var responses = new SortedDictionary<int, JsonObject>();
        foreach (var produces in method.GetCustomAttributes<ProducesResponseTypeAttribute>())
        {
            responses[produces.StatusCode] = Response(produces, schemas);
        }

        var problems = (method.GetCustomAttribute<ProducesProblemsAttribute>()?.Statuses ?? []).Append(StatusCodes.Status503ServiceUnavailable);
        if (partner)
        {
            problems = problems.Append(StatusCodes.Status401Unauthorized).Append(StatusCodes.Status403Forbidden); // 403: insufficient_scope, tenant_not_registered
        }

        foreach (var status in problems)
        {
            responses[status] = new JsonObject
            {
                ["description"] = ReasonPhrases.GetReasonPhrase(status),
                ["content"] = new JsonObject { [ProblemJson] = new JsonObject { ["schema"] = problem.DeepClone() } },
            };
        }

        operation["responses"] = new JsonObject(responses.Select(r => KeyValuePair.Create(r.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), (JsonNode?)r.Value)));
        return operation;
    }

    private static JsonObject Response(ProducesResponseTypeAttribute produces, ComponentSchemas schemas)
    {
        var response = new JsonObject { ["description"] = produces.Description ?? ReasonPhrases.GetReasonPhrase(produces.StatusCode) };
        if (produces.Type is { } type && type != typeof(void))
        {
            var content = new JsonObject();
            var declared = new MediaTypeCollection();
            ((IApiResponseMetadataProvider)produces).SetContentTypes(declared);
            var contentTypes = declared.Count > 0 ? declared.ToList() : ["application/json"];
            foreach (var contentType in contentTypes)
            {
                content[contentType] = new JsonObject
                {
                    ["schema"] = contentType.Contains("json", StringComparison.Ordinal) ? schemas.ReferenceTo(type) : new JsonObject { ["type"] = "string" },
                };
            }

            response["content"] = content;
        }

        return response;
    }

    private static JsonObject ProblemDetailsSchema(ComponentSchemas schemas)
    {
        static JsonObject Text(string description) => new() { ["type"] = "string", ["description"] = description };
        return new JsonObject
        {
            ["type"] = "object",
            ["description"] = "RFC 9457 problem details; docs/API.md lists every `code`.",
            ["required"] = new JsonArray("type", "title", "status", "code", "traceId"),
            ["properties"] = new JsonObject
            {
                ["type"] = Text("`https://cspupgrades.example/problems/{code}`"),
                ["title"] = Text("Short, fixed per code."),
                ["status"] = new JsonObject { ["type"] = "integer", ["description"] = "The HTTP status." },
                ["detail"] = Text("What exactly was wrong, in words."),
                ["code"] = Text("The machine-readable reason."),
                ["traceId"] = Text("W3C trace id of the request, for support."),
                ["errors"] = new JsonObject
                {
                    ["type"] = "object",
                    ["description"] = "For `invalid_request`: the field or header that is wrong, with messages.",
                    ["additionalProperties"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } },
                },
                ["upgradeErrors"] = new JsonObject
                {
                    ["type"] = "array",
                    ["description"] = "For refusals: every reason.",
                    ["items"] = schemas.ReferenceTo(typeof(UpgradeError)),
                },
            },
        };
    }

    private static IEnumerable<string> RouteValueNames(string route) =>
        route.Split('/').Where(segment => segment.StartsWith('{')).Select(segment => segment.Trim('{', '}'));

    private static JsonObject IdParameter(string description) =>
        new() { ["description"] = description, ["schema"] = new JsonObject { ["type"] = "string", ["pattern"] = ComponentSchemas.IdPattern } };

    private static JsonObject Tag(string name, string description) => new() { ["name"] = name, ["description"] = description };
}
