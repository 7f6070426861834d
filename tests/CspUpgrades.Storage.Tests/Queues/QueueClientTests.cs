using System.Text;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using CspUpgrades.Storage.Tests.Support;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Storage.Tests.Queues;

[Collection(AzuriteFixture.CollectionName)]
public sealed class QueueClientTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task MessagesTravelAsBase64AndComeBackAsTheirText()
    {
        const string text = "{\"operationId\":\"42\",\"note\":\"ünï©ødé 😀 <&>\"}";
        var wire = new RecordingTransport();
        var queue = await azurite.NewQueueAsync("base64", TestClients.QueueOptions(wire));
        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

        SendReceipt sent = await queue.SendMessageAsync(text);
        var sentBody = wire.Last.Body;
        await queue.PeekMessagesAsync();
        var peekedWire = wire.Last.ResponseBody;
        var received = Assert.Single((await queue.ReceiveMessagesAsync(1, Long)).Value);

        Assert.Contains($"<QueueMessage><MessageText>{base64}</MessageText></QueueMessage>", sentBody, StringComparison.Ordinal);
        Assert.Contains($"<MessageText>{base64}</MessageText>", peekedWire, StringComparison.Ordinal);
        Assert.Equal(sent.MessageId, received.MessageId);
        Assert.Equal(text, received.MessageText);
        Assert.Equal(Encoding.UTF8.GetBytes(text), received.Body.ToArray());
        Assert.Equal(1, received.DequeueCount);
        Assert.NotNull(received.InsertedOn);
        Assert.True(received.ExpiresOn > received.InsertedOn);
        Assert.True(received.NextVisibleOn > DateTimeOffset.UtcNow.AddSeconds(20));
    }

    [Fact]
    public async Task AMessageNotDeletedComesBackWithAHigherDequeueCount()
    {
        var queue = await azurite.NewQueueAsync("redelivery");
        await queue.SendMessageAsync("work");

        var first = Assert.Single((await queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(1))).Value);
        var hidden = (await queue.ReceiveMessagesAsync(1, Long)).Value;
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var second = Assert.Single((await queue.ReceiveMessagesAsync(1, Long)).Value);

        Assert.Empty(hidden);
        Assert.Equal(first.MessageId, second.MessageId);
        Assert.Equal((1, 2), (first.DequeueCount, second.DequeueCount));
        Assert.NotEqual(first.PopReceipt, second.PopReceipt);
    }

    [Fact]
    public async Task UpdateChangesVisibilityAndTextAndVoidsTheOldReceipt()
    {
        var queue = await azurite.NewQueueAsync("update");
        await queue.SendMessageAsync("before");
        var received = Assert.Single((await queue.ReceiveMessagesAsync(1, Long)).Value);

        UpdateReceipt receipt = await queue.UpdateMessageAsync(received.MessageId, received.PopReceipt, messageText: "after", visibilityTimeout: TimeSpan.Zero);
        var again = Assert.Single((await queue.ReceiveMessagesAsync(1, Long)).Value);
        var stale = await Assert.ThrowsAsync<RequestFailedException>(() => queue.DeleteMessageAsync(received.MessageId, receipt.PopReceipt));

        Assert.NotEqual(received.PopReceipt, receipt.PopReceipt);
        Assert.True(receipt.NextVisibleOn > DateTimeOffset.UtcNow.AddYears(-1));
        Assert.Equal("after", again.MessageText);
        Assert.Equal(2, again.DequeueCount);
        Assert.True(stale.Status is 400 or 404, $"status {stale.Status}");
    }

    [Fact]
    public async Task UpdateCanHideAMessageLonger()
    {
        var queue = await azurite.NewQueueAsync("hide");
        await queue.SendMessageAsync("m");
        var received = Assert.Single((await queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(1))).Value);

        await queue.UpdateMessageAsync(received.MessageId, received.PopReceipt, visibilityTimeout: Long);
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        Assert.Empty((await queue.ReceiveMessagesAsync(1, Long)).Value);
    }

    [Fact]
    public async Task DeletedMessagesAreGoneAndTheCountFollows()
    {
        var queue = await azurite.NewQueueAsync("delete");
        for (var i = 0; i < 3; i++)
        {
            await queue.SendMessageAsync($"m{i}");
        }

        var countBefore = (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
        var received = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(1))).Value;
        foreach (var message in received)
        {
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
        }

        await Task.Delay(TimeSpan.FromSeconds(1.2));

        Assert.Equal(3, countBefore);
        Assert.Equal(["m0", "m1", "m2"], received.Select(m => m.MessageText).Order());
        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Empty((await queue.ReceiveMessagesAsync(32, Long)).Value);
    }

    [Fact]
    public async Task DeletingWithAWrongReceiptFails()
    {
        var queue = await azurite.NewQueueAsync("wrongreceipt");
        await queue.SendMessageAsync("m");
        var received = Assert.Single((await queue.ReceiveMessagesAsync(1, Long)).Value);

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => queue.DeleteMessageAsync(received.MessageId, "bm90LWEtcmVjZWlwdA=="));

        Assert.True(error.Status is 400 or 404, $"status {error.Status}");
        Assert.NotNull(error.ErrorCode);
        Assert.Equal(1, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task PeekLeavesMessagesVisible()
    {
        var queue = await azurite.NewQueueAsync("peek");
        await queue.SendMessageAsync("a");
        await queue.SendMessageAsync("b");

        var peeked = (await queue.PeekMessagesAsync(32)).Value;
        var received = (await queue.ReceiveMessagesAsync(32, Long)).Value;

        Assert.Equal(["a", "b"], peeked.Select(m => m.MessageText));
        Assert.All(peeked, m => Assert.Equal(0, m.DequeueCount));
        Assert.Equal(2, received.Length);
    }

    [Fact]
    public async Task AnInitialVisibilityDelaysTheFirstDelivery()
    {
        var queue = await azurite.NewQueueAsync("delayed");
        await queue.SendMessageAsync("later", visibilityTimeout: TimeSpan.FromSeconds(1), timeToLive: TimeSpan.FromMinutes(5));

        var early = (await queue.ReceiveMessagesAsync(1, Long)).Value;
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var late = (await queue.ReceiveMessagesAsync(1, Long)).Value;

        Assert.Empty(early);
        Assert.Equal("later", Assert.Single(late).MessageText);
    }

    [Fact]
    public async Task MessagesUpTo64KiBAfterEncodingAreSentAndLargerOnesRefusedByTheService()
    {
        // Our old client refused an oversized message before sending; the SDK sends it and the service answers 400.
        var queue = await azurite.NewQueueAsync("size");
        var largest = new string('x', 49_152); // base64 → exactly 65,536 characters

        await queue.SendMessageAsync(largest);
        var error = await Assert.ThrowsAsync<RequestFailedException>(() => queue.SendMessageAsync(largest + "x"));

        Assert.True(error.Status is 400 or 413, $"status {error.Status}"); // Azurite answers 413 RequestBodyTooLarge
        Assert.Equal(largest, Assert.Single((await queue.ReceiveMessagesAsync(32, Long)).Value).MessageText);
    }

    [Fact]
    public async Task CreateAndDeleteSayWhetherTheyDidSomething()
    {
        var queue = new QueueClient(azurite.ConnectionString, AzuriteFixture.UniqueName("lifecycle"), TestClients.QueueOptions());

        Assert.Equal(201, (await queue.CreateIfNotExistsAsync())?.Status);
        Assert.Null(await queue.CreateIfNotExistsAsync());
        Assert.True((await queue.DeleteIfExistsAsync()).Value);
        Assert.False((await queue.DeleteIfExistsAsync()).Value);
    }

    [Fact]
    public async Task SendingToAMissingQueueFailsWithQueueNotFound()
    {
        var queue = new QueueClient(azurite.ConnectionString, AzuriteFixture.UniqueName("nosuchqueue"), TestClients.QueueOptions());

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => queue.SendMessageAsync("m"));

        Assert.Equal((404, "QueueNotFound"), (error.Status, error.ErrorCode));
    }
}
