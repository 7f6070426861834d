namespace CspUpgrades.LocalHost.Tests;

[Collection(LocalHostCollection.Name)]
public sealed class QueueTriggerTests(LocalHostEnvironment environment)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task RunsAMessageInExactlyOneSuccessfulInvocationAndDeletesIt()
    {
        var tag = Tag();

        await environment.WorkQueue.SendMessageAsync($"ok:{tag}");

        await environment.Logs.WaitForAsync(Done(tag), Patience, $"Work {tag} done");
        await Task.Delay(LocalHostEnvironment.QueueLease + TimeSpan.FromSeconds(1));
        Assert.Single(environment.Logs.Where(Delivered(tag)));
        Assert.Equal("1", Delivery(environment.Logs.Where(Delivered(tag))[0]));
        await AssertGoneAsync(tag);
    }

    [Fact]
    public async Task RetriesAFailedMessageAfterVisibilityTimeoutThenMovesItToThePoisonQueue()
    {
        var tag = Tag();

        await environment.WorkQueue.SendMessageAsync($"fail:{tag}");

        var moved = await environment.Logs.WaitForAsync(
            e => e.EventId.Id == 14 && Equals(e["Queue"], environment.WorkQueueName), Patience, "the move to the poison queue");
        var deliveries = environment.Logs.Where(Delivered(tag));
        Assert.Equal(["1", "2", "3"], deliveries.Select(Delivery));
        for (var i = 1; i < deliveries.Count; i++)
        {
            // visibilityTimeout is 1 s in the fixture's host.json.
            Assert.True(deliveries[i].Time - deliveries[i - 1].Time >= TimeSpan.FromMilliseconds(900), $"delivery {i + 1} came {deliveries[i].Time - deliveries[i - 1].Time} after the one before");
        }

        Assert.Equal(3L, moved[^1]["DequeueCount"]);
        Assert.Equal(environment.WorkQueueName + "-poison", moved[^1]["PoisonQueue"]);
        var poisoned = (await environment.PoisonQueue.ReceiveMessagesAsync(32)).Value;
        Assert.Contains(poisoned, m => m.Body.ToString() == $"fail:{tag}");
        await AssertGoneAsync(tag);
    }

    [Fact]
    public async Task KeepsTheMessageOfALongRunningInvocationInvisible()
    {
        var tag = Tag();

        await environment.WorkQueue.SendMessageAsync($"sleep:{tag}:12000");

        await environment.Logs.WaitForAsync(Delivered(tag), Patience, $"Work {tag} delivered");

        // Past the lease, only renewal keeps the message hidden.
        await Task.Delay(LocalHostEnvironment.QueueLease + TimeSpan.FromSeconds(3));
        var visible = (await environment.WorkQueue.PeekMessagesAsync(32)).Value;
        Assert.DoesNotContain(visible, m => m.Body.ToString().Contains(tag, StringComparison.Ordinal));

        await environment.Logs.WaitForAsync(Done(tag), Patience, $"Work {tag} done");
        Assert.Single(environment.Logs.Where(Delivered(tag)));
        await AssertGoneAsync(tag);
    }

    [Fact]
    public async Task RedeliversTheMessageWhenTheWorkerDiesMidInvocationAndRestartsTheWorker()
    {
        var tag = Tag();
        var marker = Path.Combine(Path.GetTempPath(), $"localhost-crash-{tag}");
        var restartsBefore = environment.Host.WorkerRestarts;
        var workerBefore = environment.Host.WorkerProcessId;

        await environment.WorkQueue.SendMessageAsync($"crash-once:{tag}:{marker}");

        await environment.Logs.WaitForAsync(Done(tag), TimeSpan.FromSeconds(40), $"Work {tag} done after the crash");
        File.Delete(marker);
        Assert.Equal(["1", "2"], environment.Logs.Where(Delivered(tag)).Select(Delivery));
        Assert.True(environment.Host.WorkerRestarts > restartsBefore);
        Assert.NotEqual(workerBefore, environment.Host.WorkerProcessId);
        Assert.Contains(environment.Logs.Entries, e => e.EventId.Id == 6 && Equals(e["ProcessId"], workerBefore));
        await AssertGoneAsync(tag);
    }

    [Fact]
    public async Task MovesAMessageThatIsNotBase64ToThePoisonQueueWithoutRunningIt()
    {
        var tag = Tag();
        var raw = new Azure.Storage.Queues.QueueClient(
            environment.Azurite.ConnectionString, environment.WorkQueueName, new Azure.Storage.Queues.QueueClientOptions { MessageEncoding = Azure.Storage.Queues.QueueMessageEncoding.None });

        await raw.SendMessageAsync($"not base64 {tag}!");

        await environment.Logs.WaitForAsync(e => e.EventId.Id == 14 && Equals(e["Queue"], environment.WorkQueueName) && Equals(e["DequeueCount"], 1L), Patience, "the move to the poison queue");
        var rawPoison = new Azure.Storage.Queues.QueueClient(
            environment.Azurite.ConnectionString, environment.WorkQueueName + "-poison", new Azure.Storage.Queues.QueueClientOptions { MessageEncoding = Azure.Storage.Queues.QueueMessageEncoding.None });
        var poisoned = (await rawPoison.PeekMessagesAsync(32)).Value;
        Assert.Contains(poisoned, m => m.Body.ToString() == $"not base64 {tag}!");
        Assert.DoesNotContain(environment.Logs.Entries, e => e.Message.Contains(tag, StringComparison.Ordinal) && e.EventId.Id == 100);
        await AssertGoneAsync(tag);
    }

    [Fact]
    public async Task RunsAQueueFunctionNowThroughTheAdminApi()
    {
        var tag = Tag();

        using var response = await environment.Http.PostAsync(
            "admin/functions/Work", new StringContent($$"""{"input":"ok:{{tag}}"}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        await environment.Logs.WaitForAsync(Done(tag), Patience, $"Work {tag} done");
    }

    private static string Tag() => Guid.NewGuid().ToString("N")[..12];

    private static Func<LogEntry, bool> Delivered(string tag) => e => e.Message.Contains($"Work {tag} delivery ", StringComparison.Ordinal);

    private static Func<LogEntry, bool> Done(string tag) => e => e.Message.EndsWith($"Work {tag} done", StringComparison.Ordinal);

    private static string Delivery(LogEntry entry) =>
        entry.Message.Split(" delivery ")[1].Split(' ')[0];

    /// <summary>
    /// The host deletes a message after the function's answer, a moment after its last log line: on a busy machine that
    /// moment can be long, so the queue is given 10 s to be empty before it counts as a failure.
    /// </summary>
    private async Task AssertGoneAsync(string tag)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(10);
        while (await ContainsAsync(tag) && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.False(await ContainsAsync(tag), $"a message with {tag} is still in the work queue");
    }

    /// <summary>Whether the message is still in the work queue, visible or not (tests run one at a time, so any message counts).</summary>
    private async Task<bool> ContainsAsync(string tag)
    {
        var visible = (await environment.WorkQueue.PeekMessagesAsync(32)).Value;
        var properties = (await environment.WorkQueue.GetPropertiesAsync()).Value;
        return visible.Any(m => m.Body.ToString().Contains(tag, StringComparison.Ordinal)) || properties.ApproximateMessagesCount > 0;
    }
}
