using System.Text;
using System.Text.Json;
using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Planning;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.Events;
using CspUpgrades.Functions.OpenApi;
using CspUpgrades.Functions.Settings;
using CspUpgrades.Storage.Operations;
using CspUpgrades.Storage.Outbox;
using Microsoft.Extensions.Options;

namespace CspUpgrades.Functions.Tests.Events;

/// <summary>
/// docs/events.schema.json is built from the types the events are serialized from, so it cannot drift from them; every
/// event type has a schema, and an event of each kind the HTTP tests cannot easily provoke (a failed upgrade) matches it.
/// </summary>
public sealed class EventSchemaTests
{
    /// <summary>
    /// The committed copy is the one the app's types give. After a change to an event's data, regenerate it:
    /// <c>UPDATE_OPENAPI=1 dotnet test tests/CspUpgrades.Functions.Tests --filter TheCommittedSchemaIsTheOneTheTypesGive</c>.
    /// </summary>
    [Fact]
    public void TheCommittedSchemaIsTheOneTheTypesGive()
    {
        var built = EventSchemas.Build(JsonSerializerOptions.Web).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1")
        {
            File.WriteAllText(EventSchema.CommittedPath, built, new UTF8Encoding(false));
        }

        Assert.True(File.ReadAllText(EventSchema.CommittedPath) == built,
            "docs/events.schema.json differs from the schema the event types give; regenerate it (see this test's summary) and commit it.");
    }

    [Fact]
    public void EveryEventTypeHasItsSchema() =>
        Assert.Equal(PartnerEventTypes.All.Order(StringComparer.Ordinal), EventSchemas.DataTypes.Keys.Order(StringComparer.Ordinal));

    [Fact]
    public void AFailedUpgradesEventMatchesTheSchemaAndCarriesItsReasons()
    {
        var failed = Operation() with
        {
            Status = OperationStatus.Failed,
            CompletedAt = DateTimeOffset.Parse("2026-12-08T10:00:05Z", System.Globalization.CultureInfo.InvariantCulture),
            Result = new UpgradeResult(new SubscriptionId("contoso-essentials"), null, UpgradeType.UpgradeOnly,
                [new UpgradeError(UpgradeErrorCodes.Other, "The source subscription no longer exists.")], []),
        };

        var published = Assert.Single(Events().Finished(failed));
        var cloudEvent = JsonSerializer.SerializeToElement(CloudEventResponse.From(published), JsonSerializerOptions.Web);

        EventSchema.AssertValid(cloudEvent);
        Assert.Equal(PartnerEventTypes.UpgradeFailed, cloudEvent.GetProperty("type").GetString());
        Assert.Equal("other", cloudEvent.GetProperty("data").GetProperty("result").GetProperty("upgradeErrors")[0].GetProperty("code").GetString());
    }

    [Fact]
    public void AnEventsIdIsTheSameForTheSameFactAndDiffersForAnother()
    {
        var accepted = Assert.Single(Events().Accepted(Operation()));
        var again = Assert.Single(Events().Accepted(Operation() with { TraceParent = "another delivery" }));
        var other = Assert.Single(Events().Accepted(Operation() with { Id = new OperationId("op-2") }));

        Assert.Equal(accepted.Id, again.Id);
        Assert.NotEqual(accepted.Id, other.Id);
        Assert.NotEqual(accepted.Id, Assert.Single(Events().Finished(Operation() with { Status = OperationStatus.Failed })).Id);
    }

    [Fact]
    public void WithEventsOffNothingIsAnnounced()
    {
        var off = new UpgradeEvents(Options.Create(new EventsOptions { Enabled = false }));
        Assert.Empty(off.Accepted(Operation()));
        Assert.Empty(off.Finished(Operation() with { Status = OperationStatus.Failed }));
    }

    private static UpgradeEvents Events() => new(Options.Create(new EventsOptions()));

    private static UpgradeOperation Operation() => new()
    {
        Id = new OperationId("op-1"),
        PartnerId = new PartnerId("partner-a"),
        CustomerId = new CustomerId("contoso"),
        Request = new UpgradeRequest(new SubscriptionId("contoso-essentials"), new OfferId("o365-enterprise-e1"), UpgradeType.UpgradeOnly, 2),
        TargetUnitPrice = Money.Parse("8.00 USD"),
        RequestHash = "hash",
        CreatedAt = DateTimeOffset.Parse("2026-12-08T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
    };
}
