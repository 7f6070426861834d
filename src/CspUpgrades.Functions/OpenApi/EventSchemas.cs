using System.Text.Json;
using System.Text.Json.Nodes;
using CspUpgrades.Functions.Events;
using CspUpgrades.Functions.Upgrades;
using CspUpgrades.Storage.Outbox;

namespace CspUpgrades.Functions.OpenApi;

/// <summary>
/// The JSON Schema (2020-12) of every event type, from the same types the app serializes (the OpenAPI document's exporter):
/// docs/events.schema.json, which a test holds equal to this and against which the tests check every event they see.
/// Each type's schema is the CloudEvents envelope with <c>type</c> fixed and <c>data</c> the type's data.
/// </summary>
public static class EventSchemas
{
    /// <summary>Each event type and the .NET type of its data.</summary>
    public static IReadOnlyDictionary<string, Type> DataTypes { get; } = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        [PartnerEventTypes.UpgradeAccepted] = typeof(OperationResponse),
        [PartnerEventTypes.UpgradeSucceeded] = typeof(OperationResponse),
        [PartnerEventTypes.UpgradeFailed] = typeof(OperationResponse),
        [PartnerEventTypes.BillingLineRecorded] = typeof(BillingLineRecordedData),
        [PartnerEventTypes.LicensesAdded] = typeof(LicensesAddedData),
        [PartnerEventTypes.SubscriptionChanged] = typeof(SubscriptionChangedData),
        [PartnerEventTypes.AuditCompleted] = typeof(AuditCompletedData),
    };

    public const string SchemaId = "https://cspupgrades.example/schemas/events.schema.json";

    /// <summary>The whole document: <c>$defs</c> holds one schema per event type (by its <c>type</c>) and every data type it names.</summary>
    public static JsonObject Build(JsonSerializerOptions json)
    {
        var components = new ComponentSchemas(json);
        var events = new JsonObject();
        foreach (var (type, dataType) in DataTypes.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            events[type] = Envelope(type, components.ReferenceTo(dataType));
        }

        var defs = new JsonObject();
        foreach (var (name, schema) in components.All)
        {
            defs[name] = schema.DeepClone();
        }

        foreach (var (type, schema) in events)
        {
            defs[type] = schema!.DeepClone();
        }

        var document = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = SchemaId,
            ["title"] = "CspUpgrades partner events (CloudEvents 1.0, structured JSON)",
            ["oneOf"] = new JsonArray(DataTypes.Keys.Order(StringComparer.Ordinal).Select(type => (JsonNode)Reference(type)).ToArray()),
            ["$defs"] = defs,
        };

        // The exporter refers to components as OpenAPI does; here they live under $defs.
        return JsonNode.Parse(document.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal))!.AsObject();
    }

    private static JsonObject Envelope(string type, JsonObject data) => new()
    {
        ["type"] = "object",
        ["required"] = new JsonArray("specversion", "id", "source", "type", "subject", "time", "datacontenttype", "partnerid", "data"),
        ["properties"] = new JsonObject
        {
            ["specversion"] = new JsonObject { ["const"] = CloudNative.CloudEvents.CloudEventsSpecVersion.V1_0.VersionId },
            ["id"] = new JsonObject { ["type"] = "string", ["format"] = "uuid" },
            ["source"] = new JsonObject { ["const"] = PartnerCloudEvents.Source.OriginalString },
            ["type"] = new JsonObject { ["const"] = type },
            ["subject"] = new JsonObject { ["type"] = "string", ["pattern"] = "^(customers/[A-Za-z0-9._-]{1,64}/subscriptions/[A-Za-z0-9._-]{1,64}|audits/[A-Za-z0-9-]+)$" },
            ["time"] = new JsonObject { ["type"] = "string", ["format"] = "date-time" },
            ["datacontenttype"] = new JsonObject { ["const"] = "application/json" },
            ["partnerid"] = new JsonObject { ["type"] = "string", ["pattern"] = ComponentSchemas.IdPattern },
            ["data"] = data,
        },
    };

    private static JsonObject Reference(string type) => new() { ["$ref"] = "#/$defs/" + type };
}
