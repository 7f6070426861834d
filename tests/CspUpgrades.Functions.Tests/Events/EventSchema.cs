using System.Text.Json;
using CspUpgrades.Functions.Tests.Publishing;
using Json.Schema;

namespace CspUpgrades.Functions.Tests.Events;

/// <summary>docs/events.schema.json, the contract of every event: the tests check each event they see against it.</summary>
public static class EventSchema
{
    public static readonly string CommittedPath = Path.Combine(PublishedApp.RepositoryRoot(), "docs", "events.schema.json");

    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(File.ReadAllText(CommittedPath)));

    /// <summary>Fails with every error the schema finds in <paramref name="cloudEvent"/> (a CloudEvent in structured JSON).</summary>
    public static void AssertValid(JsonElement cloudEvent)
    {
        var results = Schema.Value.Evaluate(cloudEvent, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        Assert.True(results.IsValid, $"The event does not match docs/events.schema.json: {Errors(results)}\n{cloudEvent}");
    }

    private static string Errors(EvaluationResults results) => string.Join(
        "; ",
        (results.Details ?? []).Where(detail => detail.Errors is { Count: > 0 })
            .SelectMany(detail => detail.Errors!.Select(error => $"{detail.InstanceLocation}: {error.Value}")));
}
