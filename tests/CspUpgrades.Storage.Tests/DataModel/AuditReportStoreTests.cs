using CspUpgrades.Domain.Audit;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Storage.Audit;
using CspUpgrades.Testing.Azurite.Requests;
using CspUpgrades.Storage.Tests.DataModel.Builders;
using CspUpgrades.Storage.Tests.Support;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Storage.Tests.DataModel;

/// <summary>
/// <c>AuditReportStore</c>: a run's findings per partner in its own partition, written 100 per transaction, read back in
/// the order found; "latest" is the last completed run; a partner never sees another's findings.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class AuditReportStoreTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Started = new(2024, 3, 11, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task FindingsWrittenInSeveralTransactionsReadBackInOrderWithTheirRun()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "auditorder");
        var partner = A.Partner();
        var runId = AuditReportStore.NewRunId(Started);
        var findings = Enumerable.Range(0, 250).Select(i => Finding(partner, i)).ToList();

        using (var scope = StorageRequestRecorder.BeginScope())
        {
            await storage.Audits.WriteFindingsAsync(runId, partner, findings[..130], firstNumber: 0);
            Assert.Equal(2, scope.Requests);
        }

        await storage.Audits.WriteFindingsAsync(runId, partner, findings[130..], firstNumber: 130);
        var run = new AuditRun(runId, partner, Started, Started.AddMinutes(3), 40, 250, 250);
        await storage.Audits.WriteSummaryAsync(run);
        using (var scope = StorageRequestRecorder.BeginScope())
        {
            await storage.Audits.CompleteRunAsync(runId, Started, Started.AddMinutes(4), 40, 250);
            Assert.Equal((1, AuditReportStore.RunsPartition), (scope.Requests, Assert.Single(scope.Recorded).PartitionKey));
        }

        Assert.Equal(runId, await storage.Audits.LatestRunIdAsync());
        Assert.Equal(run, await storage.Audits.FindRunAsync(runId, partner));
        Json.Equal(findings, await storage.Audits.ReadFindingsAsync(runId, partner).ToListAsync());
    }

    [Fact]
    public async Task APartnerWithoutFindingsGetsAnEmptyRunAndNeverAnotherPartnersFindings()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "auditempty");
        var partner = A.Partner();
        var other = A.Partner();
        var runId = AuditReportStore.NewRunId(Started);
        await storage.Audits.WriteFindingsAsync(runId, partner, [Finding(partner, 0), Finding(partner, 1)], firstNumber: 0);
        await storage.Audits.WriteSummaryAsync(new AuditRun(runId, partner, Started, Started, 1, 2, 2));
        await storage.Audits.CompleteRunAsync(runId, Started, Started.AddMinutes(1), 1, 2);

        var empty = await storage.Audits.FindRunAsync(runId, other);

        Assert.Equal(new AuditRun(runId, other, Started, Started.AddMinutes(1), 0, 0, 0), empty);
        Assert.Empty(await storage.Audits.ReadFindingsAsync(runId, other).ToListAsync());
        Assert.Equal(2, (await storage.Audits.ReadFindingsAsync(runId, partner).ToListAsync()).Count);
    }

    [Fact]
    public async Task LatestIsTheLastCompletedRunAndEachRunKeepsItsOwnFindings()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "auditlatest");
        var partner = A.Partner();
        Assert.Null(await storage.Audits.LatestRunIdAsync());
        Assert.Null(await storage.Audits.FindRunAsync(AuditReportStore.NewRunId(Started), partner));

        var first = AuditReportStore.NewRunId(Started);
        await storage.Audits.WriteFindingsAsync(first, partner, [Finding(partner, 1)], 0);
        await storage.Audits.CompleteRunAsync(first, Started, Started, 1, 1);
        var second = AuditReportStore.NewRunId(Started.AddDays(1));
        await storage.Audits.WriteFindingsAsync(second, partner, [Finding(partner, 2), Finding(partner, 3)], 0);
        await storage.Audits.CompleteRunAsync(second, Started.AddDays(1), Started.AddDays(1), 1, 2);
        var unfinished = AuditReportStore.NewRunId(Started.AddDays(2));
        await storage.Audits.WriteFindingsAsync(unfinished, partner, [Finding(partner, 4)], 0);

        Assert.Equal(second, await storage.Audits.LatestRunIdAsync());
        Assert.True(string.CompareOrdinal(first, second) < 0);
        Assert.Equal(["customer-1"], (await storage.Audits.ReadFindingsAsync(first, partner).ToListAsync()).Select(f => f.CustomerId.Value));
        Assert.Equal(["customer-2", "customer-3"], (await storage.Audits.ReadFindingsAsync(second, partner).ToListAsync()).Select(f => f.CustomerId.Value));
        Assert.Null(await storage.Audits.FindRunAsync(unfinished, partner));
    }

    private static BlockedUpgradeFinding Finding(PartnerId partner, int n) => new()
    {
        PartnerId = partner,
        CustomerId = new CustomerId($"customer-{n}"),
        Reason = (BlockReason)(n % 3),
        ErrorCode = UpgradeErrorCodes.SubscriptionStatusNotActive,
        BlockingSubscriptionId = new SubscriptionId($"blocking-{n}"),
        BlockingOfferId = Offers.E3,
        BlockingStatus = SubscriptionStatus.Suspended,
        BlockingChannel = n % 2 == 0 ? ChannelKind.ThisPartner : ChannelKind.OtherPartner,
        BlockingPartnerName = n % 2 == 0 ? null : "Contoso \"Cloud\"",
        SourceSubscriptionId = new SubscriptionId($"source-{n}"),
        SourceOfferId = Offers.Business,
        TargetOfferId = Offers.E3,
        BlockedUpgradeTypes = [UpgradeType.UpgradeOnly, UpgradeType.UpgradeWithLicenseTransfer],
        Explanation = $"Finding {n}: suspended.",
        Remedy = "Reactivate or cancel it.",
    };
}
