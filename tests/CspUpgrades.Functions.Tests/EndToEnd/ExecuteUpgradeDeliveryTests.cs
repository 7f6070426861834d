using CspUpgrades.Functions.ExecuteUpgrade;
using CspUpgrades.Functions.FailPoisonedUpgrade;
using CspUpgrades.Functions.Tests.Support;
using CspUpgrades.Functions.Upgrades;
using CspUpgrades.Storage.Customers;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Functions.Tests.EndToEnd;

/// <summary>
/// ExecuteUpgrade as the Functions host runs it: messages on the real <c>upgrade-requests</c> queue, delivered by the host
/// to the worker, results read from the host's log and from storage. Delivery is at least once, so the same message may
/// arrive again, or several times at once, on one instance or several: the upgrade still happens, and bills, once.
/// Requests go through an app whose queue functions are off (its messages wait in the queue); a second instance on the same
/// table runs the queue. Own Azurite: these tests own the upgrade queue.
/// </summary>
public sealed class ExecuteUpgradeDeliveryTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const string Partner = "partner-a";

    private WorkerApp _app = null!;
    private HttpClient _partner = null!;

    public async Task InitializeAsync()
    {
        _app = await WorkerApp.StartAsync(azurite);
        _partner = await _app.ClientForPartnerAsync(Partner);
    }

    public async Task DisposeAsync()
    {
        _partner.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task CarriesOutAQueuedUpgradeAndLogsItsOutcome()
    {
        var upgrade = await QueuedUpgrade.CreateAsync(_app, azurite, _partner, Partner);
        await using var runner = await StartRunnerAsync();

        await runner.SendUpgradeMessageAsync(upgrade.MessageText);

        await AllDeliveredAsync(runner, count: 1);
        Assert.Equal([nameof(ExecuteUpgradeOutcome.Succeeded)], runner.HostLog.UpgradeOutcomes(upgrade.OperationId));
        Assert.Equal("succeeded", (await Steps.FinishedOperationAsync(_partner, upgrade.OperationId)).GetProperty("status").GetString());
        await upgrade.AssertCommittedExactlyOnceAsync(_app);
    }

    [Fact]
    public async Task AnUpgradeOfATermThatStartsTomorrowSucceedsCreditingAndChargingTheWholeFirstPeriod()
    {
        // Found from the outside: this upgrade was accepted, then failed every delivery (the billing period threw) and ended failed.
        var tomorrow = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1);
        var customer = new CustomerEvents(Partner, AzuriteFixture.UniqueName("customer"));
        await Steps.SendEventsAsync(_app, customer.Profile(), customer.Subscription("essentials", "o365-business-essentials", 10, "5.00", termStart: tomorrow));
        var operationId = await Steps.RequestUpgradeAsync(_partner, customer.CustomerId, "essentials", "o365-business-premium", "upgrade_only");
        var messageText = await QueuedUpgrade.TakeMessageAsync(azurite, operationId);
        await using var runner = await StartRunnerAsync();

        await runner.SendUpgradeMessageAsync(messageText);

        var operation = await Steps.FinishedOperationAsync(_partner, operationId);
        Assert.Equal("succeeded", operation.GetProperty("status").GetString());
        Assert.All(runner.HostLog.Invocations(nameof(ExecuteUpgradeFunction.ExecuteUpgrade)), invocation => Assert.True(invocation.Succeeded));
        var lines = operation.GetProperty("billingLines").EnumerateArray().ToDictionary(line => line.GetProperty("kind").GetString()!);
        Assert.Equal(-5000, lines["credit"].GetProperty("amount").GetProperty("minorUnits").GetInt64());   // 10 × 5.00, none of it used
        Assert.Equal(12500, lines["charge"].GetProperty("amount").GetProperty("minorUnits").GetInt64());   // 10 × 12.50, all of it to come
        Assert.All(lines.Values, line =>
        {
            Assert.Equal(tomorrow.ToString("O", null), line.GetProperty("periodStart").GetString());
            Assert.Equal(line.GetProperty("daysInPeriod").GetInt32(), line.GetProperty("daysRemaining").GetInt32());
        });
    }

    [Theory]
    [InlineData("not an upgrade")]
    [InlineData("""{"operationId":"op-1","partnerId":"partner-a","customerId":"c","sourceSubscriptionId":"s"}""")]
    [InlineData("""{"upgradeRequest":{"operationId":"not/an/id","partnerId":"partner-a","customerId":"c","sourceSubscriptionId":"s"}}""")]
    [InlineData("""{"upgradeRequest":null}""")]
    [InlineData("""{"upgradeRequest":{}}""")]
    [InlineData("""{"upgradeRequest":{"operationId":"op-1","customerId":"c","sourceSubscriptionId":"s"}}""")]
    [InlineData("[1,2,3]")]
    public async Task FailsAMessageThatIsNotAnUpgradeRequestSoTheHostRetriesAndThenPoisonsIt(string messageText)
    {
        await using var runner = await StartRunnerAsync();

        await runner.SendUpgradeMessageAsync(messageText);

        // Five failed deliveries (host.json maxDequeueCount), the poison queue, and FailPoisonedUpgrade drops it.
        await Eventually.UntilAsync(() => runner.HostLog.Invocations(nameof(FailPoisonedUpgradeFunction.FailPoisonedUpgrade)).Count == 1, "the poisoned message's handling");
        Assert.Equal(5, runner.HostLog.Invocations(nameof(ExecuteUpgradeFunction.ExecuteUpgrade)).Count);
        Assert.All(runner.HostLog.Invocations(nameof(ExecuteUpgradeFunction.ExecuteUpgrade)), invocation => Assert.False(invocation.Succeeded));
        Assert.True(Assert.Single(runner.HostLog.Invocations(nameof(FailPoisonedUpgradeFunction.FailPoisonedUpgrade))).Succeeded);
        Assert.Equal(1, runner.HostLog.PoisonedMessages());
        await AssertQueuesEmptyAsync(runner);
    }

    [Fact]
    public async Task CompletesTheMessageOfAnOperationThatWasNeverRecorded()
    {
        var operationId = "6f0c1b1e-0000-4000-8000-000000000001";
        var message = new UpgradeMessage(new(operationId), new(Partner), new("nobody"), new("nothing")).ToQueueText();
        await using var runner = await StartRunnerAsync();

        await runner.SendUpgradeMessageAsync(message);

        await AllDeliveredAsync(runner, count: 1);
        Assert.Equal([nameof(ExecuteUpgradeOutcome.OperationMissing)], runner.HostLog.UpgradeOutcomes(operationId));
    }

    [Fact]
    public async Task TheSameMessageDeliveredTwiceCommitsOnceAndTheRepeatCompletes()
    {
        var upgrade = await QueuedUpgrade.CreateAsync(_app, azurite, _partner, Partner);
        await using var runner = await StartRunnerAsync();

        await runner.SendUpgradeMessageAsync(upgrade.MessageText);
        await AllDeliveredAsync(runner, count: 1);
        await runner.SendUpgradeMessageAsync(upgrade.MessageText);
        await AllDeliveredAsync(runner, count: 2);

        Assert.Equal(
            [nameof(ExecuteUpgradeOutcome.Succeeded), nameof(ExecuteUpgradeOutcome.AlreadyFinished)],
            runner.HostLog.UpgradeOutcomes(upgrade.OperationId));
        await upgrade.AssertCommittedExactlyOnceAsync(_app);
    }

    [Fact]
    public async Task TenConcurrentDeliveriesOfOneMessageCommitOnceAndEveryOneCompletes()
    {
        var upgrade = await QueuedUpgrade.CreateAsync(_app, azurite, _partner, Partner);
        await using var runner = await StartRunnerAsync();

        // Ten copies at once: the host takes them in one batch (batchSize 16) and runs them side by side.
        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => runner.SendUpgradeMessageAsync(upgrade.MessageText)));

        await AllDeliveredAsync(runner, count: 10);
        var outcomes = runner.HostLog.UpgradeOutcomes(upgrade.OperationId);
        Assert.Equal(10, outcomes.Count);
        Assert.Single(outcomes, outcome => outcome == nameof(ExecuteUpgradeOutcome.Succeeded));
        Assert.All(outcomes.Where(outcome => outcome != nameof(ExecuteUpgradeOutcome.Succeeded)), outcome => Assert.Equal(nameof(ExecuteUpgradeOutcome.AlreadyFinished), outcome));
        await upgrade.AssertCommittedExactlyOnceAsync(_app);
    }

    [Fact]
    public async Task ConcurrentDeliveriesToTwoInstancesOfTheAppOnOneTableCommitOnce()
    {
        var upgrade = await QueuedUpgrade.CreateAsync(_app, azurite, _partner, Partner);
        await using var first = await StartRunnerAsync();
        await using var second = await StartRunnerAsync();

        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => first.SendUpgradeMessageAsync(upgrade.MessageText)));

        await Eventually.UntilAsync(
            () => first.HostLog.Invocations(nameof(ExecuteUpgradeFunction.ExecuteUpgrade)).Count + second.HostLog.Invocations(nameof(ExecuteUpgradeFunction.ExecuteUpgrade)).Count == 10,
            "ten deliveries between the two instances");
        var outcomes = first.HostLog.UpgradeOutcomes(upgrade.OperationId).Concat(second.HostLog.UpgradeOutcomes(upgrade.OperationId)).ToList();
        Assert.Single(outcomes, outcome => outcome == nameof(ExecuteUpgradeOutcome.Succeeded));
        Assert.All(first.HostLog.Invocations(nameof(ExecuteUpgradeFunction.ExecuteUpgrade)).Concat(second.HostLog.Invocations(nameof(ExecuteUpgradeFunction.ExecuteUpgrade))),
            invocation => Assert.True(invocation.Succeeded));
        await upgrade.AssertCommittedExactlyOnceAsync(_app);
        await AssertQueuesEmptyAsync(first);
    }

    [Fact]
    public async Task APoisonedRepeatOfAFinishedUpgradeReleasesTheClaimItLeftAndChangesNothingElse()
    {
        // A repeated delivery after the commit claims the subscription again; if it then fails every delivery before
        // giving the claim back, the poison handler must release it, or the subscription stays blocked.
        var upgrade = await QueuedUpgrade.CreateAsync(_app, azurite, _partner, Partner);
        await using var runner = await StartRunnerAsync();
        await runner.SendUpgradeMessageAsync(upgrade.MessageText);
        await AllDeliveredAsync(runner, count: 1);
        Assert.Equal([nameof(ExecuteUpgradeOutcome.Succeeded)], runner.HostLog.UpgradeOutcomes(upgrade.OperationId));
        var message = UpgradeMessage.FromQueueText(upgrade.MessageText)!;
        await _app.Service<SubscriptionClaims>().TryClaimAsync(
            message.PartnerId, message.CustomerId, message.SourceSubscriptionId, message.OperationId, DateTimeOffset.UtcNow);

        await runner.Queue(UpgradeQueue.PoisonName).SendMessageAsync(upgrade.MessageText);

        await Eventually.UntilAsync(() => runner.HostLog.Invocations(nameof(FailPoisonedUpgradeFunction.FailPoisonedUpgrade)).Count == 1, "FailPoisonedUpgrade to run");
        Assert.True(Assert.Single(runner.HostLog.Invocations(nameof(FailPoisonedUpgradeFunction.FailPoisonedUpgrade))).Succeeded);
        await upgrade.AssertCommittedExactlyOnceAsync(_app); // Still succeeded, billed once, and no claim.
    }

    /// <summary>A second instance of the app on the same table that runs the queue functions.</summary>
    private Task<WorkerApp> StartRunnerAsync() => _app.StartQueueRunnerAsync();

    /// <summary>Waits until the host has run <paramref name="count"/> ExecuteUpgrade deliveries, and requires each of them to have succeeded.</summary>
    private static async Task AllDeliveredAsync(WorkerApp runner, int count)
    {
        var invocations = await Eventually.ReturnsAsync(
            () => Task.FromResult(runner.HostLog.Invocations(nameof(ExecuteUpgradeFunction.ExecuteUpgrade))),
            done => done.Count >= count,
            $"{count} ExecuteUpgrade deliveries");
        Assert.Equal(count, invocations.Count);
        Assert.All(invocations, invocation => Assert.True(invocation.Succeeded, runner.HostLog.Recent()));
    }

    private static async Task AssertQueuesEmptyAsync(WorkerApp app)
    {
        foreach (var name in new[] { UpgradeQueue.Name, UpgradeQueue.PoisonName })
        {
            await Eventually.UntilAsync(async () => await app.Queue(name).ApproximateCountAsync() == 0, $"{name} to be empty");
        }
    }
}
