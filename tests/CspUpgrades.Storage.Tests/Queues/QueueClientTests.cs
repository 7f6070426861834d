using System.Text;
using Azure;
using CspUpgrades.Storage.Diagnostics;
using CspUpgrades.Storage.Queues;
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
        var queue = await azurite.NewQueueAsync("base64", TestClients.Options(wire));
        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

        var sent = await queue.SendMessageAsync(text);
        var sentBody = wire.Last.Body;
        await queue.PeekMessagesAsync();
        var peekedWire = wire.Last.ResponseBody;
        var received = Assert.Single(await queue.ReceiveMessagesAsync(1, Long));

        Assert.Equal($"<QueueMessage><MessageText>{base64}</MessageText></QueueMessage>", sentBody);
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

        var first = Assert.Single(await queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(1)));
        var hidden = await queue.ReceiveMessagesAsync(1, Long);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var second = Assert.Single(await queue.ReceiveMessagesAsync(1, Long));

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
        var received = Assert.Single(await queue.ReceiveMessagesAsync(1, Long));

        var receipt = await queue.UpdateMessageAsync(received.MessageId, received.PopReceipt, TimeSpan.Zero, "after");
        var again = Assert.Single(await queue.ReceiveMessagesAsync(1, Long));
        var stale = await Assert.ThrowsAsync<RequestFailedException>(() => queue.DeleteMessageAsync(received.MessageId, receipt.PopReceipt));

        Assert.NotEqual(received.PopReceipt, receipt.PopReceipt);
        Assert.NotNull(receipt.NextVisibleOn);
        Assert.Equal("after", again.MessageText);
        Assert.Equal(2, again.DequeueCount);
        Assert.True(stale.Status is 400 or 404, $"status {stale.Status}");
    }

    [Fact]
    public async Task UpdateCanHideAMessageLonger()
    {
        var queue = await azurite.NewQueueAsync("hide");
        await queue.SendMessageAsync("m");
        var received = Assert.Single(await queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(1)));

        await queue.UpdateMessageAsync(received.MessageId, received.PopReceipt, Long);
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        Assert.Empty(await queue.ReceiveMessagesAsync(1, Long));
    }

    [Fact]
    public async Task DeletedMessagesAreGoneAndTheCountFollows()
    {
        var queue = await azurite.NewQueueAsync("delete");
        for (var i = 0; i < 3; i++)
        {
            await queue.SendMessageAsync($"m{i}");
        }

        var countBefore = await queue.GetApproximateMessageCountAsync();
        var received = await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(1));
        foreach (var message in received)
        {
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
        }

        await Task.Delay(TimeSpan.FromSeconds(1.2));

        Assert.Equal(3, countBefore);
        Assert.Equal(["m0", "m1", "m2"], received.Select(m => m.MessageText).Order());
        Assert.Equal(0, await queue.GetApproximateMessageCountAsync());
        Assert.Empty(await queue.ReceiveMessagesAsync(32, Long));
    }

    [Fact]
    public async Task DeletingWithAWrongReceiptFails()
    {
        var queue = await azurite.NewQueueAsync("wrongreceipt");
        await queue.SendMessageAsync("m");
        var received = Assert.Single(await queue.ReceiveMessagesAsync(1, Long));

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => queue.DeleteMessageAsync(received.MessageId, "bm90LWEtcmVjZWlwdA=="));

        Assert.True(error.Status is 400 or 404, $"status {error.Status}");
        Assert.NotNull(error.ErrorCode);
        Assert.Equal(1, await queue.GetApproximateMessageCountAsync());
    }

    [Fact]
    public async Task PeekLeavesMessagesVisible()
    {
        var queue = await azurite.NewQueueAsync("peek");
        await queue.SendMessageAsync("a");
        await queue.SendMessageAsync("b");

        var peeked = await queue.PeekMessagesAsync(32);
        var received = await queue.ReceiveMessagesAsync(32, Long);

        Assert.Equal(["a", "b"], peeked.Select(m => m.MessageText));
        Assert.All(peeked, m => Assert.Equal(0, m.DequeueCount));
        Assert.Equal(2, received.Count);
    }

    [Fact]
    public async Task AnInitialVisibilityDelaysTheFirstDelivery()
    {
        var queue = await azurite.NewQueueAsync("delayed");
        await queue.SendMessageAsync("later", visibilityTimeout: TimeSpan.FromSeconds(1), timeToLive: TimeSpan.FromMinutes(5));

        var early = await queue.ReceiveMessagesAsync(1, Long);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var late = await queue.ReceiveMessagesAsync(1, Long);

        Assert.Empty(early);
        Assert.Equal("later", Assert.Single(late).MessageText);
    }

    [Fact]
    public async Task MessagesUpTo64KiBAfterEncodingAreSentAndLargerOnesRefusedBeforeSending()
    {
        var queue = await azurite.NewQueueAsync("size");
        var largest = new string('x', 49_152); // base64 → exactly 65,536 characters

        await queue.SendMessageAsync(largest);
        using var scope = StorageRequestCounter.BeginScope();
        var error = await Assert.ThrowsAsync<ArgumentException>(() => queue.SendMessageAsync(largest + "x"));

        Assert.Contains("65,536", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, scope.Attempts);
        Assert.Equal(largest, Assert.Single(await queue.ReceiveMessagesAsync(1, Long)).MessageText);
    }

    [Fact]
    public async Task CreateAndDeleteSayWhetherTheyDidSomething()
    {
        var queue = new QueueClient(azurite.ConnectionString, AzuriteFixture.UniqueName("lifecycle"), TestClients.Options());

        Assert.True(await queue.CreateIfNotExistsAsync());
        Assert.False(await queue.CreateIfNotExistsAsync());
        Assert.True(await queue.DeleteIfExistsAsync());
        Assert.False(await queue.DeleteIfExistsAsync());
    }

    [Fact]
    public async Task SendingToAMissingQueueFailsWithQueueNotFound()
    {
        var queue = new QueueClient(azurite.ConnectionString, AzuriteFixture.UniqueName("nosuchqueue"), TestClients.Options());

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => queue.SendMessageAsync("m"));

        Assert.Equal((404, "QueueNotFound"), (error.Status, error.ErrorCode));
    }

    [Theory]
    [InlineData("Upper")]
    [InlineData("ab")]
    [InlineData("double--hyphen")]
    [InlineData("-leading")]
    public void InvalidQueueNamesAreRefused(string name) =>
        Assert.Throws<ArgumentException>(() => new QueueClient(azurite.ConnectionString, name));

    [Theory]
    [InlineData(0)]
    [InlineData(33)]
    public async Task ReceiveTakesOneTo32Messages(int count)
    {
        var queue = await azurite.NewQueueAsync("receivebounds");

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.ReceiveMessagesAsync(count, Long));
    }
}
