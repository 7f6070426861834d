using System.Net;
using System.Text.Json;
using CspUpgrades.Functions.Tests.EndToEnd;
using CspUpgrades.Functions.Tests.Events;
using CspUpgrades.Functions.Tests.Http.Builders;
using CspUpgrades.Functions.Tests.Http.Support;
using CspUpgrades.Functions.Tests.Support;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Functions.Tests.Http;

/// <summary>
/// GET /api/events: the partner's own CloudEvents, in commit order per subscription, each committed fact once, behind a
/// cursor only its partner can use. Upgrades are carried out by the same worker (it runs the queue functions).
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class ListEventsTests(UpgradingAppFixture fixture) : IClassFixture<UpgradingAppFixture>
{
    private const string Customer = "contoso";
    private const string Source = "contoso-essentials";

    private static readonly SubscriptionSpec Essentials = new(Source, "o365-business-essentials") { Quantity = 3 };

    [Fact]
    public async Task AnUpgradeYieldsAcceptedSucceededAndItsTwoBillingLinesInCommitOrderEachWithTheOperationAsTheApiShowsIt()
    {
        var partner = await fixture.NewPartnerAsync("events");
        await partner.SeedAsync(Customer, Essentials);
        var operationId = await Steps.RequestUpgradeAsync(partner.Client, Customer, Source, "o365-enterprise-e1", "upgrade_with_license_transfer");
        var operation = await Steps.FinishedOperationAsync(partner.Client, operationId);
        Assert.Equal("succeeded", operation.GetProperty("status").GetString());

        // The seeding webhook's change first, then the upgrade's.
        var events = (await EventsAsync(partner, count: 5)).Skip(1).ToList();

        Assert.Equal(
            ["upgrade.accepted", "upgrade.succeeded", "billing.line_recorded", "billing.line_recorded"],
            events.Select(e => ShortType(e)));
        Assert.All(events, e =>
        {
            Assert.Equal("1.0", e.GetProperty("specversion").GetString());
            Assert.Equal("/cspupgrades", e.GetProperty("source").GetString());
            Assert.Equal("application/json", e.GetProperty("datacontenttype").GetString());
            Assert.Equal(partner.Id, e.GetProperty("partnerid").GetString());
            Assert.True(Guid.TryParse(e.GetProperty("id").GetString(), out _));
        });
        Assert.Equal(4, events.Select(e => e.GetProperty("id").GetString()).Distinct().Count());
        Assert.Equal($"customers/{Customer}/subscriptions/{Source}", events[1].GetProperty("subject").GetString());

        // The succeeded event carries the operation exactly as GET /api/operations/{id} answers it.
        Assert.Equal(operation.GetRawText(), events[1].GetProperty("data").GetRawText());
        Assert.Equal("queued", events[0].GetProperty("data").GetProperty("status").GetString());

        // One event per billing line: the credit on the source, the charge on the target, as the operation lists them.
        var lines = operation.GetProperty("billingLines").EnumerateArray().ToList();
        Assert.Equal(
            lines.Select(line => line.GetRawText()),
            events.Skip(2).Select(e => e.GetProperty("data").GetProperty("line").GetRawText()));
        Assert.Equal(
            lines.Select(line => $"customers/{Customer}/subscriptions/{line.GetProperty("subscriptionId").GetString()}"),
            events.Skip(2).Select(e => e.GetProperty("subject").GetString()));
        Assert.All(events.Skip(2), e => Assert.Equal(operationId, e.GetProperty("data").GetProperty("operationId").GetString()));
    }

    [Fact]
    public async Task TheCursorPagesThroughTheFeedOneByOneAndAnEmptyPageKeepsThePosition()
    {
        var partner = await fixture.NewPartnerAsync("eventpages");
        await partner.SeedAsync(Customer, Essentials);
        var operationId = await Steps.RequestUpgradeAsync(partner.Client, Customer, Source, "o365-enterprise-e1", "upgrade_with_license_transfer");
        await Steps.FinishedOperationAsync(partner.Client, operationId);
        var all = await EventsAsync(partner, count: 5);

        var ids = new List<string>();
        string? cursor = null;
        for (var page = 0; page < 5; page++)
        {
            var answer = await partner.GetJsonAsync(Routes.Events(cursor, limit: 1));
            ids.Add(Assert.Single(answer.GetProperty("events").EnumerateArray()).GetProperty("id").GetString()!);
            cursor = answer.GetProperty("cursor").GetString();
        }

        Assert.Equal(all.Select(e => e.GetProperty("id").GetString()), ids);
        var end = await partner.GetJsonAsync(Routes.Events(cursor));
        Assert.Empty(end.GetProperty("events").EnumerateArray());
        Assert.Equal(cursor, end.GetProperty("cursor").GetString());
    }

    [Fact]
    public async Task APartnerSeesOnlyItsOwnEventsAndAnotherPartnersCursorIsABadRequest()
    {
        var owner = await fixture.NewPartnerAsync("eventowner");
        var other = await fixture.NewPartnerAsync("eventother");
        await owner.SeedAsync(Customer, Essentials);
        var operationId = await Steps.RequestUpgradeAsync(owner.Client, Customer, Source, "o365-enterprise-e1", "upgrade_with_license_transfer");
        await Steps.FinishedOperationAsync(owner.Client, operationId);
        await EventsAsync(owner, count: 5);
        var cursor = (await owner.GetJsonAsync(Routes.Events(limit: 1))).GetProperty("cursor").GetString()!;

        var theirs = await other.GetJsonAsync(Routes.Events());
        Assert.Empty(theirs.GetProperty("events").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, theirs.GetProperty("cursor").ValueKind);
        await AssertBadRequestAsync(other, Routes.Events(cursor), "after");
    }

    [Fact]
    public async Task ALicenseAdditionYieldsLicensesAddedWithTheSubscriptionAsWrittenAndItsChargeAndARetryNoSecond()
    {
        var partner = await fixture.NewPartnerAsync("eventlicenses");
        await partner.SeedAsync(Customer, Essentials);
        using var added = await partner.PostAsync(Routes.Licenses(Customer, Source), new { quantity = 2 }, ("Idempotency-Key", "two-more"));
        var answer = JsonDocument.Parse(await added.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        using var retried = await partner.PostAsync(Routes.Licenses(Customer, Source), new { quantity = 2 }, ("Idempotency-Key", "two-more"));
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);

        var events = (await EventsAsync(partner, count: 3)).Skip(1).ToList();

        Assert.Equal(["licenses.added", "billing.line_recorded"], events.Select(e => ShortType(e)));
        var data = events[0].GetProperty("data");
        Assert.Equal(2, data.GetProperty("added").GetInt32());
        Assert.Equal(answer.GetProperty("subscription").GetRawText(), data.GetProperty("subscription").GetRawText());
        Assert.Equal(answer.GetProperty("charge").GetRawText(), data.GetProperty("charge").GetRawText());
        Assert.Equal(answer.GetProperty("charge").GetRawText(), events[1].GetProperty("data").GetProperty("line").GetRawText());
    }

    [Fact]
    public async Task EveryAppliedWebhookYieldsOneSubscriptionChangedAndADuplicateOrStaleOneNone()
    {
        var partner = await fixture.NewPartnerAsync("eventwebhooks");
        await partner.SeedAsync(Customer, Essentials);
        var suspended = EventBuilder.SubscriptionUpdated(partner.Id, Customer, Essentials with { Status = "suspended" }).Build();
        for (var delivery = 0; delivery < 2; delivery++) // the second is the sender's retry: a duplicate
        {
            using var response = await fixture.App.PostEventAsync(suspended, eventId: "suspend-1");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // An event older than what was applied is stale: applied to nothing, announced by nothing.
        var stale = EventBuilder.SubscriptionUpdated(partner.Id, Customer, Essentials with { Quantity = 9 })
            .OccurredAt(DateTimeOffset.UtcNow.AddDays(-1)).Build();
        using (var response = await fixture.App.PostEventAsync(stale, eventId: "stale-1"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var events = await EventsAsync(partner, count: 2);

        Assert.All(events, e => Assert.Equal("subscription.changed", ShortType(e)));
        Assert.Equal(["active", "suspended"], events.Select(e => e.GetProperty("data").GetProperty("subscription").GetProperty("status").GetString()));
        Assert.Equal([1L, 2L], events.Select(e => e.GetProperty("data").GetProperty("subscription").GetProperty("version").GetInt64()));
        Assert.Equal("subscription.updated", events[1].GetProperty("data").GetProperty("webhookType").GetString());
        Assert.Equal("suspend-1", events[1].GetProperty("data").GetProperty("webhookEventId").GetString());
    }

    [Fact]
    public async Task AnAuditYieldsOneAuditCompletedPerPartnerWithItsCountsAndItsReport()
    {
        var partner = await fixture.NewPartnerAsync("eventaudit");
        await partner.SeedAsync(Customer, Essentials.Suspended(), new SubscriptionSpec("contoso-e1", "o365-enterprise-e1"));
        var runId = await fixture.App.RunAuditAsync();

        var audit = Assert.Single(await EventsAsync(partner, count: 3), e => ShortType(e) == "audit.completed");

        Assert.Equal($"audits/{runId}", audit.GetProperty("subject").GetString());
        var data = audit.GetProperty("data");
        Assert.Equal(runId, data.GetProperty("runId").GetString());
        Assert.Equal(1, data.GetProperty("customersScanned").GetInt32());
        Assert.Equal(2, data.GetProperty("subscriptionsScanned").GetInt32());
        var report = await partner.GetJsonAsync(data.GetProperty("reportUrl").GetString()!);
        Assert.Equal(data.GetProperty("blockedUpgrades").GetInt32(), report.GetProperty("findings").GetArrayLength());
    }

    public static TheoryData<string, string> BadQueries => new()
    {
        { "/api/events?after=", "after" },
        { "/api/events?after=not-a-token", "after" },
        { "/api/events?after=eyJWIjoxfQ", "after" },
        { "/api/events?after=a&after=b", "after" },
        { "/api/events?limit=0", "limit" },
        { "/api/events?limit=1001", "limit" },
        { "/api/events?limit=ten", "limit" },
        { "/api/events?limit=-1", "limit" },
    };

    [Theory]
    [MemberData(nameof(BadQueries))]
    public async Task ABadCursorOrLimitIsAProblemNamingIt(string path, string parameter)
    {
        var partner = await fixture.NewPartnerAsync("eventbad");
        await AssertBadRequestAsync(partner, path, parameter);
    }

    [Fact]
    public async Task AnotherListsContinuationTokenIsNotACursor()
    {
        var partner = await fixture.NewPartnerAsync("eventlist");
        for (var n = 0; n < 2; n++)
        {
            await partner.SeedAsync($"c{n}", new SubscriptionSpec($"s{n}", "o365-business-essentials"));
        }

        var customers = await Eventually.ReturnsAsync(
            () => partner.GetJsonAsync("/api/customers?top=1"),
            page => page.GetProperty("continuationToken").ValueKind == JsonValueKind.String,
            "a second page of customers");
        await AssertBadRequestAsync(partner, Routes.Events(customers.GetProperty("continuationToken").GetString()), "after");
    }

    /// <summary>Polls the feed from its start until it holds <paramref name="count"/> events; fails if it ever holds more.</summary>
    private static async Task<IReadOnlyList<JsonElement>> EventsAsync(TestPartner partner, int count)
    {
        var page = await Eventually.ReturnsAsync(
            () => partner.GetJsonAsync(Routes.Events()),
            answer => answer.GetProperty("events").GetArrayLength() >= count,
            $"{count} events in the feed");
        var events = page.GetProperty("events").EnumerateArray().ToList();
        Assert.True(events.Count == count, $"expected {count} events, the feed has: {page}");
        events.ForEach(EventSchema.AssertValid);
        return events;
    }

    private static string ShortType(JsonElement cloudEvent)
    {
        var type = cloudEvent.GetProperty("type").GetString()!;
        Assert.StartsWith("com.cspupgrades.", type, StringComparison.Ordinal);
        Assert.EndsWith(".v1", type, StringComparison.Ordinal);
        return type["com.cspupgrades.".Length..^".v1".Length];
    }

    private static async Task AssertBadRequestAsync(TestPartner partner, string path, string parameter)
    {
        using var response = await partner.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(parameter, JsonDocument.Parse(body).RootElement.GetProperty("errors").EnumerateObject().Select(error => error.Name));
    }
}
