using System.Net;
using System.Text.Json;
using Azure.Messaging.ServiceBus;
using CspUpgrades.Functions.Tests.EndToEnd;
using CspUpgrades.Functions.Tests.Http.Builders;
using CspUpgrades.Functions.Tests.Http.Support;
using CspUpgrades.Functions.Tests.Support;
using CspUpgrades.Testing.Azurite;
using CspUpgrades.Testing.ServiceBus;
using Microsoft.Extensions.DependencyInjection;

namespace CspUpgrades.Functions.Tests.Events;

/// <summary>
/// The app configured with Service Bus, end to end: the real worker behind the local host, the unchanged ServiceBusClient
/// over real AMQP to the in-process test broker. What a committed fact's drain puts in the feed is what the topic receives,
/// message for message; a send the broker refuses loses nothing, and the next drain of the customer sends the same
/// MessageIds. The SDK's own retries are off here, so one refusal fails one drain.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class EventsOnServiceBusTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Customer = "contoso";
    private const string Source = "contoso-essentials";

    private readonly TestServiceBusBroker _broker = TestServiceBusBroker.Start();
    private WorkerApp _app = null!;

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string>
        {
            ["Events__ServiceBus__ConnectionString"] = _broker.ConnectionString,
            ["Events__ServiceBus__TopicName"] = _broker.TopicName,
        };
        _app = await WorkerApp.StartAsync(azurite, settings, services => services.PostConfigureAll<ServiceBusClientOptions>(options =>
        {
            options.RetryOptions.MaxRetries = 0;
            options.RetryOptions.TryTimeout = TimeSpan.FromSeconds(20);
        }), processQueues: true);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _broker.Dispose();
    }

    [Fact]
    public async Task AnUpgradesEventsReachTheTopicAsTheFeedHasThemWithTheSubscriptionAsSession()
    {
        var partner = await TestPartner.CreateAsync(_app, "sbupgrade");
        await partner.SeedAsync(Customer, new SubscriptionSpec(Source, "o365-business-essentials") { Quantity = 3 });
        var operationId = await Steps.RequestUpgradeAsync(partner.Client, Customer, Source, "o365-enterprise-e1", "upgrade_with_license_transfer");
        Assert.Equal("succeeded", (await Steps.FinishedOperationAsync(partner.Client, operationId)).GetProperty("status").GetString());

        var feed = await FeedAsync(partner, count: 5);
        var sent = await SentAsync(partner, count: 5);

        Assert.Equal(feed.Select(e => e.GetProperty("id").GetString()), sent.Select(message => message.MessageId));
        foreach (var (cloudEvent, message) in feed.Zip(sent))
        {
            Assert.Equal(cloudEvent.GetProperty("data").GetRawText(), message.BodyText);
            Assert.Equal(cloudEvent.GetProperty("type").GetString(), message.ApplicationProperties["cloudEvents_type"]);
            Assert.Equal(cloudEvent.GetProperty("subject").GetString(), message.Subject);
            Assert.Equal(cloudEvent.GetProperty("subject").GetString()!.Split('/')[^1], message.SessionId);
            Assert.Equal("application/json", message.ContentType);
        }
    }

    [Fact]
    public async Task ASendTheBrokerRefusesLeavesTheEventsInTheOutboxAndTheRetrySendsTheSameMessageIds()
    {
        var partner = await TestPartner.CreateAsync(_app, "sbrefused");
        await partner.SeedAsync(Customer, new SubscriptionSpec(Source, "o365-business-essentials") { Quantity = 3 });
        await SentAsync(partner, count: 1);

        _broker.PlanTransfers(TransferFault.Refuse);
        using (var added = await partner.PostAsync(Routes.Licenses(Customer, Source), new { quantity = 2 }, ("Idempotency-Key", "two")))
        {
            // The seats are added whatever Service Bus says: the fact is committed, its events wait.
            Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        }

        var rows = await Steps.PartitionAsync(_app, partner.Id, Customer);
        Assert.Equal(2, rows.Count(row => row.RowKey!.StartsWith(Storage.Model.TableLayout.PublishPrefix, StringComparison.Ordinal)));
        Assert.Single(_broker.Published, message => message.SessionId == Source);

        // The partner's retry (same key) adds nothing and publishes what the first attempt left.
        using (var retried = await partner.PostAsync(Routes.Licenses(Customer, Source), new { quantity = 2 }, ("Idempotency-Key", "two")))
        {
            Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        }

        var sent = await SentAsync(partner, count: 3);
        var feed = await FeedAsync(partner, count: 3);
        Assert.Equal(feed.Select(e => e.GetProperty("id").GetString()).ToHashSet(), sent.Select(message => message.MessageId).ToHashSet());
        Assert.Equal(
            ["com.cspupgrades.licenses.added.v1", "com.cspupgrades.billing.line_recorded.v1"],
            sent.Skip(1).Select(message => message.ApplicationProperties["cloudEvents_type"]));
        // The outbox rows go last, after the send.
        await Eventually.UntilAsync(
            async () => !(await Steps.PartitionAsync(_app, partner.Id, Customer))
                .Any(row => row.RowKey!.StartsWith(Storage.Model.TableLayout.PublishPrefix, StringComparison.Ordinal)),
            "the outbox to be empty");
    }

    /// <summary>The partner's messages the topic received, each MessageId once, in the order first received.</summary>
    private async Task<IReadOnlyList<ReceivedMessage>> SentAsync(TestPartner partner, int count)
    {
        var messages = await Eventually.ReturnsAsync(
            () => Task.FromResult(_broker.Published
                .Where(message => Equals(message.ApplicationProperties.GetValueOrDefault("cloudEvents_partnerid"), partner.Id))
                .DistinctBy(message => message.MessageId).ToList()),
            found => found.Count >= count,
            $"{count} of {partner.Id}'s events on the topic");
        Assert.Equal(count, messages.Count);
        return messages;
    }

    private static async Task<IReadOnlyList<JsonElement>> FeedAsync(TestPartner partner, int count)
    {
        var page = await Eventually.ReturnsAsync(
            () => partner.GetJsonAsync(Routes.Events()),
            answer => answer.GetProperty("events").GetArrayLength() >= count,
            $"{count} events in the feed");
        var events = page.GetProperty("events").EnumerateArray().DistinctBy(e => e.GetProperty("id").GetString()).ToList();
        Assert.Equal(count, events.Count);
        events.ForEach(EventSchema.AssertValid);
        return events;
    }
}
