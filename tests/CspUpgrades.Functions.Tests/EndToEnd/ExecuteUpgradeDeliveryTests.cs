using System.Net;
using System.Text.Json;
using CspUpgrades.Functions.ExecuteUpgrade;
using CspUpgrades.Functions.Tests.Support;
using CspUpgrades.Storage.Customers;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Functions.Tests.EndToEnd;

/// <summary>
/// POST /ExecuteUpgrade as the Functions host calls it: the message double-encoded inside the JSON,
/// metadata values as strings. Delivery is at least once, so the same message may arrive again, or
/// several times at once, on one instance or several: the upgrade still happens, and bills, once.
/// Own Azurite: these tests use the upgrade queue.
/// </summary>
public sealed class ExecuteUpgradeDeliveryTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const string Partner = "partner-a";

    private readonly CspUpgradesApp _app = new(azurite);
    private HttpClient _partner = null!;

    public async Task InitializeAsync() => _partner = await _app.ClientForPartnerAsync(Partner);

    public async Task DisposeAsync()
    {
        _partner.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task AnswersAHostShapedQueueInvocationWithOutputsLogsAndReturnValue()
    {
        var upgrade = await QueuedUpgrade.CreateAsync(_app, azurite, _partner, Partner);

        using var response = await _app.InvokeAsync("ExecuteUpgrade", CspUpgradesApp.QueueEnvelope(upgrade.MessageText));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(JsonValueKind.Object, body.RootElement.GetProperty("Outputs").ValueKind);
        Assert.Contains(upgrade.OperationId, Assert.Single(body.RootElement.GetProperty("Logs").EnumerateArray()).GetString(), StringComparison.Ordinal);
        Assert.Equal(nameof(ExecuteUpgradeOutcome.Succeeded), body.RootElement.GetProperty("ReturnValue").GetString());
        Assert.Equal("succeeded", (await Steps.FinishedOperationAsync(_partner, upgrade.OperationId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task AnUpgradeOfATermThatStartsTomorrowSucceedsCreditingAndChargingTheWholeFirstPeriod()
    {
        // Found from the outside: this upgrade was accepted, then failed every delivery (the billing period threw) and ended failed.
        var tomorrow = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1);
        var customer = new CustomerEvents(Partner, AzuriteFixture.UniqueName("customer"));
        await Steps.SendEventsAsync(_app, customer.Profile(), customer.Subscription("essentials", "o365-business-essentials", 10, "5.00", termStart: tomorrow));
        var operationId = await Steps.RequestUpgradeAsync(_partner, customer.CustomerId, "essentials", "o365-business-premium", "upgrade_only");

        using var response = await _app.InvokeAsync("ExecuteUpgrade", CspUpgradesApp.QueueEnvelope(await QueuedUpgrade.TakeMessageAsync(azurite, operationId)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var operation = await Steps.FinishedOperationAsync(_partner, operationId);
        Assert.Equal("succeeded", operation.GetProperty("status").GetString());
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
    [InlineData("")]
    public async Task FailsAMessageThatIsNotAnUpgradeRequestSoTheHostRetriesAndThenPoisonsIt(string messageText)
    {
        using var response = await _app.InvokeAsync("ExecuteUpgrade", CspUpgradesApp.QueueEnvelope(messageText));

        Assert.False(response.IsSuccessStatusCode, $"answered {(int)response.StatusCode}");
    }

    [Theory]
    [InlineData("""{"Data":{},"Metadata":{}}""")]
    [InlineData("not json at all")]
    public async Task FailsAnInvocationWithoutAQueueMessage(string envelope)
    {
        using var response = await _app.InvokeAsync("ExecuteUpgrade", envelope);

        Assert.False(response.IsSuccessStatusCode, $"answered {(int)response.StatusCode}");
    }

    [Fact]
    public async Task CompletesTheMessageOfAnOperationThatWasNeverRecorded()
    {
        var message = new UpgradeMessage(new("6f0c1b1e-0000-4000-8000-000000000001"), new(Partner), new("nobody"), new("nothing")).ToQueueText();

        using var response = await _app.InvokeAsync("ExecuteUpgrade", CspUpgradesApp.QueueEnvelope(message));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(nameof(ExecuteUpgradeOutcome.OperationMissing), body.RootElement.GetProperty("ReturnValue").GetString());
    }

    [Fact]
    public async Task AnswersTheTimerInvocationWith200AndTheRunsSummary()
    {
        using var response = await _app.InvokeAsync("AuditBlockedUpgrades", UpgradeJourney.TimerEnvelope("AuditBlockedUpgrades"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(JsonValueKind.Object, body.RootElement.GetProperty("Outputs").ValueKind);
        Assert.NotEmpty(body.RootElement.GetProperty("Logs").EnumerateArray());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("ReturnValue").GetProperty("runId").GetString()));
    }

    [Fact]
    public async Task TheSameMessageDeliveredTwiceCommitsOnceAndTheRepeatAnswers200()
    {
        var upgrade = await QueuedUpgrade.CreateAsync(_app, azurite, _partner, Partner);

        var first = await DeliverAsync(_app, upgrade, dequeueCount: 1);
        var second = await DeliverAsync(_app, upgrade, dequeueCount: 2);

        Assert.Equal((HttpStatusCode.OK, nameof(ExecuteUpgradeOutcome.Succeeded)), first);
        Assert.Equal((HttpStatusCode.OK, nameof(ExecuteUpgradeOutcome.AlreadyFinished)), second);
        await upgrade.AssertCommittedExactlyOnceAsync(_app);
    }

    [Fact]
    public async Task TenConcurrentDeliveriesOfOneMessageCommitOnceAndEveryOneAnswers200()
    {
        var upgrade = await QueuedUpgrade.CreateAsync(_app, azurite, _partner, Partner);

        var answers = await Task.WhenAll(Enumerable.Range(1, 10).Select(_ => DeliverAsync(_app, upgrade, dequeueCount: 1)));

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.Status));
        Assert.Single(answers, answer => answer.Outcome == nameof(ExecuteUpgradeOutcome.Succeeded));
        Assert.All(answers.Where(answer => answer.Outcome != nameof(ExecuteUpgradeOutcome.Succeeded)),
            answer => Assert.Equal(nameof(ExecuteUpgradeOutcome.AlreadyFinished), answer.Outcome));
        await upgrade.AssertCommittedExactlyOnceAsync(_app);
    }

    [Fact]
    public async Task ConcurrentDeliveriesToTwoInstancesOfTheAppOnOneTableCommitOnce()
    {
        await using var secondInstance = new CspUpgradesApp(azurite, new Dictionary<string, string?> { [CspUpgradesApp.TableNameSetting] = _app.TableName });
        var upgrade = await QueuedUpgrade.CreateAsync(_app, azurite, _partner, Partner);

        var answers = await Task.WhenAll(Enumerable.Range(1, 10).Select(n => DeliverAsync(n % 2 == 0 ? _app : secondInstance, upgrade, dequeueCount: 1)));

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.Status));
        Assert.Single(answers, answer => answer.Outcome == nameof(ExecuteUpgradeOutcome.Succeeded));
        await upgrade.AssertCommittedExactlyOnceAsync(_app);
        Assert.Equal(_app.TableName, secondInstance.TableName);
    }

    [Fact]
    public async Task APoisonedRepeatOfAFinishedUpgradeReleasesTheClaimItLeftAndChangesNothingElse()
    {
        // A repeated delivery after the commit claims the subscription again; if it then fails every delivery before
        // giving the claim back, the poison handler must release it, or the subscription stays blocked.
        var upgrade = await QueuedUpgrade.CreateAsync(_app, azurite, _partner, Partner);
        Assert.Equal((HttpStatusCode.OK, nameof(ExecuteUpgradeOutcome.Succeeded)), await DeliverAsync(_app, upgrade, dequeueCount: 1));
        var message = UpgradeMessage.FromQueueText(upgrade.MessageText)!;
        await _app.Service<SubscriptionClaims>().TryClaimAsync(
            message.PartnerId, message.CustomerId, message.SourceSubscriptionId, message.OperationId, DateTimeOffset.UtcNow);

        using var response = await _app.InvokeAsync("FailPoisonedUpgrade", CspUpgradesApp.QueueEnvelope(upgrade.MessageText));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await upgrade.AssertCommittedExactlyOnceAsync(_app); // Still succeeded, billed once, and no claim.
    }

    private static async Task<(HttpStatusCode Status, string? Outcome)> DeliverAsync(CspUpgradesApp app, QueuedUpgrade upgrade, int dequeueCount)
    {
        using var response = await app.InvokeAsync("ExecuteUpgrade", CspUpgradesApp.QueueEnvelope(upgrade.MessageText, dequeueCount));
        var text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? (response.StatusCode, JsonDocument.Parse(text).RootElement.GetProperty("ReturnValue").GetString())
            : (response.StatusCode, text);
    }
}
