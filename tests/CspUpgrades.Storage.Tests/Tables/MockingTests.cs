using Azure;
using CspUpgrades.Storage.Queues;
using CspUpgrades.Storage.Tables;
using Moq;

namespace CspUpgrades.Storage.Tests.Tables;

/// <summary>Upper layers test against mocked clients: every operation is virtual.</summary>
public sealed class MockingTests
{
    [Fact]
    public async Task TableClientOperationsCanBeMocked()
    {
        var entity = new TableEntity("p", "r") { ["A"] = 1 };
        var table = new Mock<TableClient>();
        table.Setup(t => t.GetEntityIfExistsAsync("p", "r", null, default))
            .ReturnsAsync(Mock.Of<NullableResponse<TableEntity>>(r => r.HasValue && r.Value == entity));
        table.Setup(t => t.QueryAsync(It.IsAny<string?>(), null, null, default))
            .Returns(AsyncPageable<TableEntity>.FromPages([Page<TableEntity>.FromValues([entity], null, Mock.Of<Response>())]));

        var read = await table.Object.GetEntityIfExistsAsync("p", "r");
        var all = new List<TableEntity>();
        await foreach (var e in table.Object.QueryAsync("PartitionKey eq 'p'"))
        {
            all.Add(e);
        }

        Assert.Same(entity, read.Value);
        Assert.Same(entity, Assert.Single(all));
    }

    [Fact]
    public async Task QueueClientOperationsCanBeMocked()
    {
        var queue = new Mock<QueueClient>();
        queue.Setup(q => q.SendMessageAsync("m", null, null, default)).ReturnsAsync(new SendReceipt("id", "pop", null, null, null));

        var receipt = await queue.Object.SendMessageAsync("m");

        Assert.Equal("id", receipt.MessageId);
        queue.Verify(q => q.SendMessageAsync("m", null, null, default), Times.Once);
    }
}
