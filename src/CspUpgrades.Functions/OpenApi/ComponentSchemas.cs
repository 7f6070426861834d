using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.Http;

namespace CspUpgrades.Functions.OpenApi;

/// <summary>
/// JSON Schemas of the API's bodies, as <c>System.Text.Json</c> reads and writes them (its <see cref="JsonSchemaExporter"/>,
/// with the app's own serializer options): each of the app's object and enum types once, under its name in
/// <c>components/schemas</c>, and referenced from wherever it appears. Ids are strings of the shape every id has.
/// </summary>
internal sealed class ComponentSchemas
{
    /// <summary>What <see cref="IStringId{TSelf}"/> types accept (IdRules in the domain; a test holds the two together).</summary>
    public const string IdPattern = "^[A-Za-z0-9._-]{1,64}$";

    private readonly JsonSerializerOptions _options;
    private readonly SortedDictionary<string, JsonNode> _components = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Type> _named = new(StringComparer.Ordinal);

    public ComponentSchemas(JsonSerializerOptions options)
    {
        // Numbers as they are written (the web defaults would also read "3" as 3, which bodies refuse).
        _options = new JsonSerializerOptions(options)
        {
            TypeInfoResolver = options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver(),
            NumberHandling = JsonNumberHandling.Strict,
        };
        _options.MakeReadOnly();
    }

    /// <summary>Every component referenced so far, by name.</summary>
    public IReadOnlyDictionary<string, JsonNode> All => _components;

    /// <summary>Adds a schema written by hand (one the serializer cannot describe, such as problem details).</summary>
    public JsonObject Add(string name, JsonObject schema)
    {
        _components[name] = schema;
        return Reference(name);
    }

    /// <summary>A reference to <paramref name="type"/>'s schema, exporting it (and every type it names) the first time.</summary>
    public JsonObject ReferenceTo(Type type)
    {
        var name = NameOf(type);
        if (_named.TryAdd(name, type))
        {
            _components[name] = new JsonObject(); // claimed before exporting: a type that refers to itself meets the reference
            _components[name] = _options.GetJsonSchemaAsNode(type, new JsonSchemaExporterOptions
            {
                TreatNullObliviousAsNonNullable = true,
                TransformSchemaNode = (context, node) => Transform(context, node, isRoot: context.Path.IsEmpty && context.PropertyInfo is null),
            });
        }
        else if (_named[name] != type)
        {
            throw new InvalidOperationException($"Two types are named {name} in the OpenAPI document: {_named[name]} and {type}.");
        }

        return Reference(name);
    }

    private JsonNode Transform(JsonSchemaExporterContext context, JsonNode node, bool isRoot)
    {
        var type = Nullable.GetUnderlyingType(context.TypeInfo.Type) ?? context.TypeInfo.Type;
        // A Nullable<T> of an id (a struct with its own converter) comes without a type list: it may be null all the same.
        var nullable = (node is JsonObject { } schema && schema["type"] is JsonArray types && types.Any(t => t?.GetValue<string>() == "null"))
            || (Nullable.GetUnderlyingType(context.TypeInfo.Type) is { } underlying && IsStringId(underlying));
        if (context.PropertyInfo?.AttributeProvider?.GetCustomAttributes(typeof(DocumentedAsAttribute), inherit: false)
                .OfType<DocumentedAsAttribute>().FirstOrDefault() is { } documentedAs)
        {
            return OrNull(ReferenceTo(documentedAs.Type), nullable);
        }

        if (node is JsonObject { } withProperties && withProperties["required"] is JsonArray required && withProperties["properties"] is JsonObject properties)
        {
            // A property that may be null may also be left out: only the others are required.
            var always = required.Select(name => name!.GetValue<string>()).Where(name => !MayBeNull(properties[name])).ToArray();
            withProperties.Remove("required");
            if (always.Length > 0)
            {
                withProperties["required"] = new JsonArray(always.Select(name => (JsonNode?)name).ToArray());
            }
        }

        if (type == typeof(JsonElement))
        {
            // Free-form JSON: the exporter says "true" (any value); here it is always an object, shaped by the event's type.
            return new JsonObject { ["type"] = nullable ? new JsonArray("object", "null") : "object" };
        }

        if (IsStringId(type))
        {
            return new JsonObject { ["type"] = nullable ? new JsonArray("string", "null") : "string", ["pattern"] = IdPattern };
        }

        if (type.IsEnum && node is JsonObject enumSchema)
        {
            enumSchema["type"] = "string";
            enumSchema["enum"] = new JsonArray(enumSchema["enum"]!.AsArray().Where(value => value is not null).Select(value => value!.DeepClone()).ToArray());
        }

        return !isRoot && IsComponent(type) ? OrNull(ReferenceTo(type), nullable) : node;
    }

    private static bool MayBeNull(JsonNode? schema) =>
        schema?["type"] is JsonArray types ? types.Any(t => t?.GetValue<string>() == "null")
        : schema?["anyOf"] is JsonArray options && options.Any(option => option?["type"]?.GetValue<string>() == "null");

    // A reference that may be null: OpenAPI 3.1 says so with anyOf (a $ref's siblings cannot widen its type).
    private static JsonObject OrNull(JsonObject reference, bool nullable) =>
        nullable ? new JsonObject { ["anyOf"] = new JsonArray(reference, new JsonObject { ["type"] = "null" }) } : reference;

    private static JsonObject Reference(string name) => new() { ["$ref"] = "#/components/schemas/" + name };

    private static bool IsComponent(Type type) =>
        type.Namespace?.StartsWith("CspUpgrades.", StringComparison.Ordinal) == true && !IsStringId(type);

    private static bool IsStringId(Type type) =>
        type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IStringId<>));

    private static string NameOf(Type type) => type.Name;
}
