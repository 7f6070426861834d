using System.Text.Json;
using CspUpgrades.Functions.Hosting;

namespace CspUpgrades.Functions.Tests.Hosting;

/// <summary>Bodies exactly as the Functions host posts them to a custom handler.</summary>
public class InvocationRequestTests
{
    [Fact]
    public void UnwrapsAQueueMessageTheHostEncodedTwice()
    {
        const string body = """
            {"Data":{"msg":"\"{\\\"upgrade\\\":{\\\"operationId\\\":\\\"op-1\\\"}}\""},
             "Metadata":{"DequeueCount":"1","Id":"\"5f0c1b1e-0000-0000-0000-000000000000\"","upgrade":{"operationId":"op-1"}}}
            """;

        var request = JsonSerializer.Deserialize<InvocationRequest>(body)!;

        Assert.Equal("""{"upgrade":{"operationId":"op-1"}}""", request.QueueMessageText());
        Assert.Equal(1, request.DequeueCount());
        Assert.Equal("5f0c1b1e-0000-0000-0000-000000000000", request.MetadataString("Id"));
    }

    [Fact]
    public void ReadsAQueueMessageTheHostPassedAsAnObject()
    {
        const string body = """{"Data":{"msg":{"upgrade":{"operationId":"op-1"}}},"Metadata":{"DequeueCount":3}}""";

        var request = JsonSerializer.Deserialize<InvocationRequest>(body)!;

        Assert.Equal("""{"upgrade":{"operationId":"op-1"}}""", request.QueueMessageText());
        Assert.Equal(3, request.DequeueCount());
    }

    [Fact]
    public void ReadsAPlainTextQueueMessage()
    {
        const string body = """{"Data":{"msg":"hello"},"Metadata":{}}""";

        var request = JsonSerializer.Deserialize<InvocationRequest>(body)!;

        Assert.Equal("hello", request.QueueMessageText());
        Assert.Equal(1, request.DequeueCount());
    }

    [Fact]
    public void HasNoQueueMessageForATimerInvocation()
    {
        const string body = """
            {"Data":{"timer":{"Schedule":{"AdjustForDST":true},"ScheduleStatus":null,"IsPastDue":false}},"Metadata":{}}
            """;

        var request = JsonSerializer.Deserialize<InvocationRequest>(body)!;

        Assert.Null(request.QueueMessageText());
        Assert.True(request.Data.ContainsKey(InvocationRequest.TimerBinding));
    }
}
