using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.ExecuteUpgrade;
using CspUpgrades.Functions.SweepStuckOperations;
using CspUpgrades.Functions.Tests.Support;
using CspUpgrades.Functions.Upgrades;
using CspUpgrades.Storage.Clients;
using CspUpgrades.Storage.Customers;
using CspUpgrades.Storage.Model;
using CspUpgrades.Testing.Azurite;
using Microsoft.Extensions.DependencyInjection;

namespace CspUpgrades.Functions.Tests.EndToEnd;

/// <summary>
/// SweepStuckOperations with the real app on the isolated worker against real Azurite, its timer fired through the host's
/// admin endpoint: an upgrade whose queue message was lost (taken off the queue and deleted, as a person might) is found
/// through its <c>~pending</c> row, its message sent again and the upgrade finished through the queue, billed once; one
/// past the give-up age is failed with a reason and its claim released; finished operations leave no pending row. The
/// clock is shifted instead of waited for. The app's queue functions are off (messages wait where the test can take
/// them); a delivery is a second instance on the same table that runs the queue. Own Azurite: the upgrade queue's name is fixed.
/// </summary>
public sealed partial class SweepStuckOperationsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const string Partner = "partner-a";

    private readonly ShiftedClock _clock = new();
    private readonly HashSet<string> _refused = [];
    private WorkerApp _app = null!;
    private HttpClient _partner = null!;

    public async Task InitializeAsync()
    {
        _app = await WorkerApp.StartAsync(azurite, overrideServices: services =>
        {
            services.AddSingleton<TimeProvider>(_clock);
            services.AddSingleton<UpgradeQueue>(provider => new RefusingQueue(
                provider.GetRequiredService<QueueServiceClient>().GetQueueClient(UpgradeQueue.Name), _refused));
        });
        _partner = await _app.ClientForPartnerAsync(Partner);
    }

    public async Task DisposeAsync()
    {
        _partner.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task AnUpgradeWhoseMessageWasLostIsSentAgainAndSucceedsThroughTheQueueBilledOnce()
    {
        var upgrade = await QueuedUpgrade.CreateAsync(_app, azurite, _partner, Partner); // Its message is gone from the queue.
        Assert.Single(await PendingRowsAsync(upgrade.OperationId));

        // Younger than the threshold: left alone (its message may just be on its way).
        Assert.Equal(new SweepSummary(0, 0, 0, 0), await SweepAsync());

        _clock.Offset = SweepStuckOperationsHandler.StuckAfter + TimeSpan.FromSeconds(1);
        Assert.Equal(new SweepSummary(1, 1, 0, 0), await SweepAsync());

        var resent = await TakeMessageAsync(upgrade.OperationId);
        await DeliverAsync(resent, "Succeeded");
        await upgrade.AssertCommittedExactlyOnceAsync(_app);
        Assert.Empty(await PendingRowsAsync(upgrade.OperationId));

        // The lost original turning up after all, and a second sweep, change nothing: no second bill.
        await DeliverAsync(upgrade.MessageText, "AlreadyFinished");
        Assert.Equal(new SweepSummary(0, 0, 0, 0), await SweepAsync());
        await upgrade.AssertCommittedExactlyOnceAsync(_app);
        var operation = await _partner.GetFromJsonAsync<JsonElement>(new Uri("/api/operations/" + upgrade.OperationId, UriKind.Relative));
        Assert.Equal("succeeded", operation.GetProperty("status").GetString());
    }

    [Fact]
    public async Task AnUpgradeStillUnfinishedAfterTheGiveUpAgeIsFailedWithAReasonAndItsClaimReleased()
    {
        var upgrade = await QueuedUpgrade.CreateAsync(_app, azurite, _partner, Partner);
        // It had claimed its source when its executor died for good.
        var claim = await _app.Service<SubscriptionClaims>().TryClaimAsync(
            new PartnerId(Partner), new CustomerId(upgrade.CustomerId), new SubscriptionId(QueuedUpgrade.Source), new OperationId(upgrade.OperationId), _clock.GetUtcNow());
        Assert.IsType<ClaimOutcome.Held>(claim);

        _clock.Offset = SweepStuckOperationsHandler.GiveUpAfter + TimeSpan.FromMinutes(1);
        Assert.Equal(new SweepSummary(1, 0, 1, 0), await SweepAsync());

        var operation = await _partner.GetFromJsonAsync<JsonElement>(new Uri("/api/operations/" + upgrade.OperationId, UriKind.Relative));
        Assert.Equal("failed", operation.GetProperty("status").GetString());
        var error = Assert.Single(operation.GetProperty("result").GetProperty("upgradeErrors").EnumerateArray());
        Assert.Equal("other", error.GetProperty("code").GetString());
        Assert.Contains("within an hour", error.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Empty(operation.GetProperty("billingLines").EnumerateArray());

        var rows = await Steps.PartitionAsync(_app, Partner, upgrade.CustomerId);
        Assert.DoesNotContain(rows, row => TableLayout.IsClaimRow(row.RowKey!));
        Assert.DoesNotContain(rows, row => row.RowKey!.StartsWith(TableLayout.BillingPrefix, StringComparison.Ordinal));
        Assert.Equal("active", Assert.Single(rows, row => row.RowKey == TableLayout.SubscriptionRow(new SubscriptionId(QueuedUpgrade.Source))).GetString("Status"));
        Assert.Empty(await PendingRowsAsync(upgrade.OperationId));

        // A late delivery of its message does nothing to the failed operation.
        await DeliverAsync(upgrade.MessageText, "AlreadyFinished");
        Assert.DoesNotContain(await Steps.PartitionAsync(_app, Partner, upgrade.CustomerId), row => TableLayout.IsClaimRow(row.RowKey!));
    }

    [Fact]
    public async Task AFinishedOperationsLeftoverPendingRowIsDeletedWithoutTouchingTheOperation()
    {
        var upgrade = await QueuedUpgrade.CreateAsync(_app, azurite, _partner, Partner);
        var pendingRow = Assert.Single(await PendingRowsAsync(upgrade.OperationId));
        await DeliverAsync(upgrade.MessageText, "Succeeded");
        Assert.Empty(await PendingRowsAsync(upgrade.OperationId));

        // As if the executor's best-effort delete had failed.
        await _app.Table.AddEntityAsync(pendingRow);
        _clock.Offset = SweepStuckOperationsHandler.StuckAfter + TimeSpan.FromSeconds(1);
        Assert.Equal(new SweepSummary(1, 0, 0, 1), await SweepAsync());

        Assert.Empty(await PendingRowsAsync(upgrade.OperationId));
        await upgrade.AssertCommittedExactlyOnceAsync(_app);
        var queue = new QueueClient(azurite.ConnectionString, UpgradeQueue.Name, StorageClientDefaults.QueueOptions());
        var visible = await queue.PeekAsync(32);
        Assert.DoesNotContain(visible, message => message.MessageText.Contains(upgrade.OperationId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task OneOperationsStorageErrorDoesNotStopTheSweepOfTheOthers()
    {
        var refused = await QueuedUpgrade.CreateAsync(_app, azurite, _partner, Partner);
        var other = await QueuedUpgrade.CreateAsync(_app, azurite, _partner, Partner);
        _refused.Add(refused.OperationId);

        _clock.Offset = SweepStuckOperationsHandler.StuckAfter + TimeSpan.FromSeconds(1);
        Assert.Equal(new SweepSummary(2, 1, 0, 0, 1), await SweepAsync());
        await DeliverAsync(await TakeMessageAsync(other.OperationId), "Succeeded");
        Assert.Single(await PendingRowsAsync(refused.OperationId));

        // The next sweep tries it again.
        _refused.Clear();
        Assert.Equal(new SweepSummary(1, 1, 0, 0), await SweepAsync());
        await DeliverAsync(await TakeMessageAsync(refused.OperationId), "Succeeded");
        await refused.AssertCommittedExactlyOnceAsync(_app);
        await other.AssertCommittedExactlyOnceAsync(_app);
    }

    /// <summary>Fires the sweep's timer and reads its summary from the line the function logs.</summary>
    private async Task<SweepSummary> SweepAsync()
    {
        var invocation = await _app.FireTimerAsync(nameof(SweepStuckOperationsFunction.SweepStuckOperations));
        Assert.True(invocation.Succeeded, _app.HostLog.Recent());
        var line = Assert.Single(_app.HostLog.WorkerLines(invocation), text => text.StartsWith("Sweep: ", StringComparison.Ordinal));
        var counts = SweepLine().Match(line);
        Assert.True(counts.Success, line);
        int Count(string name) => int.Parse(counts.Groups[name].Value, System.Globalization.CultureInfo.InvariantCulture);
        return new SweepSummary(Count("examined"), Count("requeued"), Count("failed"), Count("cleaned"), Count("skipped"));
    }

    /// <summary>Delivers <paramref name="messageText"/> through the host: a second instance on the same table (same clock) runs the queue.</summary>
    private async Task DeliverAsync(string messageText, string expected)
    {
        await using var runner = await _app.StartQueueRunnerAsync(overrideServices: services => services.AddSingleton<TimeProvider>(_clock));
        await runner.SendUpgradeMessageAsync(messageText);
        var operationId = UpgradeMessage.FromQueueText(messageText)!.OperationId.Value;
        var outcome = await Eventually.ReturnsAsync(
            () => Task.FromResult(runner.HostLog.UpgradeOutcomes(operationId)), outcomes => outcomes.Count > 0, $"the delivery of {operationId}");
        Assert.Equal([expected], outcome);
        Assert.All(runner.HostLog.Invocations(nameof(ExecuteUpgradeFunction.ExecuteUpgrade)), invocation => Assert.True(invocation.Succeeded));
    }

    private async Task<IReadOnlyList<TableEntity>> PendingRowsAsync(string operationId)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in _app.Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {TableLayout.PendingPartition}")))
        {
            if (row.RowKey!.EndsWith(TableLayout.Separator + operationId, StringComparison.Ordinal))
            {
                rows.Add(row);
            }
        }

        return rows;
    }

    private async Task<string> TakeMessageAsync(string operationId)
    {
        var queue = new QueueClient(azurite.ConnectionString, UpgradeQueue.Name, StorageClientDefaults.QueueOptions());
        var messages = await Eventually.ReturnsAsync(
            () => queue.ReceiveAsync(32, TimeSpan.FromMinutes(10)),
            received => received.Any(message => message.MessageText.Contains(operationId, StringComparison.Ordinal)),
            $"the re-sent message of {operationId}");
        var mine = messages.Single(message => message.MessageText.Contains(operationId, StringComparison.Ordinal));
        await queue.DeleteMessageAsync(mine.MessageId, mine.PopReceipt);
        return mine.MessageText;
    }

    /// <summary>The real upgrade queue, except that sending the message of a refused operation fails as storage would.</summary>
    private sealed class RefusingQueue(QueueClient queue, HashSet<string> refused) : UpgradeQueue(queue)
    {
        public override Task EnqueueAsync(UpgradeMessage message, CancellationToken cancellationToken) =>
            refused.Contains(message.OperationId.Value)
                ? throw new Azure.RequestFailedException(503, "Server busy")
                : base.EnqueueAsync(message, cancellationToken);
    }

    [GeneratedRegex(@"^Sweep: (?<examined>\d+) pending, (?<requeued>\d+) re-sent, (?<failed>\d+) failed, (?<cleaned>\d+) cleaned, (?<skipped>\d+) skipped$")]
    private static partial Regex SweepLine();

    /// <summary>The system clock, moved forward by <see cref="Offset"/>.</summary>
    private sealed class ShiftedClock : TimeProvider
    {
        public TimeSpan Offset { get; set; }

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
    }
}
