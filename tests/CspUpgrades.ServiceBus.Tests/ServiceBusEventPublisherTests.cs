using Azure.Messaging.ServiceBus;
using CloudNative.CloudEvents;
using CspUpgrades.Functions.Events;
using CspUpgrades.Storage.Outbox;
using CspUpgrades.Testing.ServiceBus;

namespace CspUpgrades.ServiceBus.Tests;

/// <summary>The real Service Bus SDK publishing over real AMQP to the test broker: what arrives, in which batches, and what a failure leaves.</summary>
public sealed class ServiceBusEventPublisherTests
{
    [Fact]
    public async Task PublishesEachEventAsACloudEventInBinaryMode()
    {
        using var broker = TestServiceBusBroker.Start();
        await using var publishing = Publishing.To(broker);
        var upgrade = PartnerEvents.UpgradeSucceeded("op-1", "sub-1");
        var audit = PartnerEvents.AuditCompleted("run-7", partner: "fabrikam");

        await publishing.Publisher.PublishAsync([upgrade, audit], CancellationToken.None);

        // One connection, authorised for the topic with a token the broker's key verifies.
        Assert.EndsWith($"/{broker.TopicName}", Assert.Single(broker.TokenAudiences), StringComparison.Ordinal);
        Assert.Collection(broker.Published,
            message =>
            {
                Assert.Equal(("op-1:succeeded", "sub-1", "customers/customer-1/subscriptions/sub-1", "application/json"),
                    (message.MessageId, message.SessionId, message.Subject, message.ContentType));
                Assert.Equal(upgrade.Data, message.BodyText);
                Assert.Equal(new Dictionary<string, object>
                {
                    ["cloudEvents_specversion"] = "1.0",
                    ["cloudEvents_id"] = "op-1:succeeded",
                    ["cloudEvents_type"] = PartnerEventTypes.UpgradeSucceeded,
                    ["cloudEvents_source"] = "/cspupgrades",
                    ["cloudEvents_subject"] = "customers/customer-1/subscriptions/sub-1",
                    ["cloudEvents_time"] = PartnerEvents.CommittedAt.UtcDateTime,
                    ["cloudEvents_partnerid"] = "contoso",
                }, message.ApplicationProperties.OrderBy(p => p.Key).ToDictionary());
            },
            message =>
            {
                Assert.Equal(("audit:run-7", ServiceBusCloudEventBinding.AuditSessionId, "audits/run-7"), (message.MessageId, message.SessionId, message.Subject));
                Assert.Equal("fabrikam", message.ApplicationProperties[ServiceBusCloudEventBinding.PartnerIdProperty]);
                Assert.Equal(audit.Data, message.BodyText);
            });
    }

    [Fact]
    public async Task SplitsEventsIntoBatchesTheTopicAcceptsAndKeepsTheirOrder()
    {
        // 4 KiB messages at most: 40 events of about 500 bytes cannot go in one batch.
        using var broker = TestServiceBusBroker.Start(maxMessageSize: 4096);
        await using var publishing = Publishing.To(broker);
        var events = PartnerEvents.Many(40, subscriptions: 3, padding: 500);

        await publishing.Publisher.PublishAsync(events, CancellationToken.None);

        Assert.Equal(events.Select(e => e.Id), broker.Published.Select(m => m.MessageId));
        Assert.Equal(events.Select(e => e.Data), broker.Published.Select(m => m.BodyText));
        var batches = broker.Published.GroupBy(m => m.Transfer).ToList();
        Assert.True(batches.Count > 1, $"One transfer carried all {events.Count} events past a 4 KiB limit.");
        Assert.All(batches, batch => Assert.True(batch.Count() > 1, $"Transfer {batch.Key} carried one event: no batching."));
        Assert.Equal(broker.Transfers, batches.Count);
        foreach (var session in broker.Published.GroupBy(m => m.SessionId))
        {
            Assert.Equal(events.Where(e => e.SubscriptionId?.Value == session.Key).Select(e => e.Id), session.Select(m => m.MessageId));
        }
    }

    [Theory]
    [InlineData(TransferFault.Refuse)]
    [InlineData(TransferFault.CloseConnection)]
    [InlineData(TransferFault.DropConnection)]
    public async Task AFailedBatchThrowsAndTheNextCallSendsTheSameMessageIdsAgain(TransferFault fault)
    {
        using var broker = TestServiceBusBroker.Start(maxMessageSize: 4096);
        await using var publishing = Publishing.To(broker, maxRetries: 1);
        var events = PartnerEvents.Many(30, padding: 500);
        // The first batch goes through; the second fails, and so does the SDK's one retry of it.
        broker.PlanTransfers(TransferFault.None, fault, fault);

        await Assert.ThrowsAsync<ServiceBusException>(() => publishing.Publisher.PublishAsync(events, CancellationToken.None));
        var firstBatch = broker.Published.Select(m => m.MessageId).ToList();
        Assert.NotEmpty(firstBatch);
        Assert.Equal(events.Take(firstBatch.Count).Select(e => e.Id), firstBatch);

        await publishing.Publisher.PublishAsync(events, CancellationToken.None);

        var ids = broker.Published.Select(m => m.MessageId).ToList();
        Assert.Equal(firstBatch.Concat(events.Select(e => e.Id)), ids);
        Assert.Equal(events.Select(e => e.Id), ids.Distinct());
    }

    [Theory]
    [InlineData(TransferFault.CloseConnection)]
    [InlineData(TransferFault.DropConnection)]
    public async Task TheSdkRetriesABatchWhoseConnectionEndedOnANewConnection(TransferFault fault)
    {
        using var broker = TestServiceBusBroker.Start(maxMessageSize: 4096);
        await using var publishing = Publishing.To(broker, maxRetries: 1);
        var events = PartnerEvents.Many(30, padding: 500);
        broker.PlanTransfers(TransferFault.None, fault);

        await publishing.Publisher.PublishAsync(events, CancellationToken.None);

        Assert.Equal(events.Select(e => e.Id), broker.Published.Select(m => m.MessageId));
        Assert.Equal(2, broker.SenderLinks);
        Assert.Equal(2, broker.TokenAudiences.Count);
    }

    [Fact]
    public async Task AnEventLargerThanTheTopicAcceptsIsNamedAndNothingAfterItIsSent()
    {
        using var broker = TestServiceBusBroker.Start(maxMessageSize: 4096);
        await using var publishing = Publishing.To(broker);
        var events = PartnerEvents.Many(3);
        events[1] = events[1] with { Data = $"{{\"note\":\"{new string('x', 5000)}\"}}" };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => publishing.Publisher.PublishAsync(events, CancellationToken.None));

        Assert.Contains(events[1].Id, error.Message, StringComparison.Ordinal);
        Assert.Equal([events[0].Id], broker.Published.Select(m => m.MessageId));
    }

    [Fact]
    public async Task NothingIsSentForNoEvents()
    {
        using var broker = TestServiceBusBroker.Start();
        await using var publishing = Publishing.To(broker);

        await publishing.Publisher.PublishAsync([], CancellationToken.None);

        Assert.Equal(0, broker.SenderLinks);
        Assert.Empty(broker.Published);
    }

    [Fact]
    public async Task ASignatureFromAnotherKeyIsRefusedAndNothingIsPublished()
    {
        using var broker = TestServiceBusBroker.Start();
        await using var publishing = Publishing.To(broker, maxRetries: 0, connectionString: broker.ConnectionStringWithKey("bm90LXRoZS1rZXk="));

        await Assert.ThrowsAsync<UnauthorizedAccessException>(
            () => publishing.Publisher.PublishAsync([PartnerEvents.UpgradeSucceeded("op-1", "sub-1")], CancellationToken.None));

        Assert.Empty(broker.TokenAudiences);
        Assert.Empty(broker.Published);
    }

    [Fact]
    public async Task AConsumerReadsBackTheCommittedCloudEventFromTheProperties()
    {
        using var broker = TestServiceBusBroker.Start();
        await using var publishing = Publishing.To(broker);
        var committed = PartnerEvents.UpgradeSucceeded("op-1", "sub-1");

        await publishing.Publisher.PublishAsync([committed], CancellationToken.None);

        // What a consumer following the binding does: each cloudEvents_ property is an attribute, the content type is
        // datacontenttype, the body is the data; the CloudEvents SDK checks the attributes' types and the required ones.
        var message = Assert.Single(broker.Published);
        var read = new CloudEvent(CloudEventsSpecVersion.V1_0, [PartnerCloudEvents.PartnerIdAttribute]) { DataContentType = message.ContentType, Data = message.BodyText };
        foreach (var (name, value) in message.ApplicationProperties.Where(p => p.Key != "cloudEvents_specversion"))
        {
            var attribute = name[ServiceBusCloudEventBinding.PropertyPrefix.Length..];
            read[attribute] = value switch
            {
                DateTime timestamp => new DateTimeOffset(DateTime.SpecifyKind(timestamp, DateTimeKind.Utc)),
                string text when read.GetAttribute(attribute)?.Type == CloudEventAttributeType.UriReference => new Uri(text, UriKind.RelativeOrAbsolute),
                _ => value,
            };
        }

        Assert.Equal("1.0", message.ApplicationProperties["cloudEvents_specversion"]);
        var expected = PartnerCloudEvents.From(committed);
        Assert.Equal(
            expected.GetPopulatedAttributes().ToDictionary(a => a.Key.Name, a => a.Value),
            read.Validate().GetPopulatedAttributes().ToDictionary(a => a.Key.Name, a => a.Value));
        Assert.Equal(expected.Data, read.Data);
    }
}
