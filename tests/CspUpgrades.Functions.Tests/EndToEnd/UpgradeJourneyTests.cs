using System.Text.Json;
using Azure.Data.Tables;
using CspUpgrades.Domain.Billing;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.GetAuditReport;
using CspUpgrades.Storage.Model;

namespace CspUpgrades.Functions.Tests.EndToEnd;

/// <summary>
/// Issue #4's end-to-end: from webhook-seeded state through eligibility, the upgrade queue and the
/// local runner, to exactly-once billing rows and the audit report (see <see cref="UpgradeJourney"/>).
/// </summary>
public sealed class UpgradeJourneyTests(UpgradeJourney journey) : IClassFixture<UpgradeJourney>
{
    private const string Source = "contoso-essentials";
    private const string Target = "o365-business-premium";

    private OperationId OperationId => new(journey.OperationId);

    private SubscriptionId TargetId => SubscriptionId.ForUpgradeTarget(OperationId);

    [Fact]
    public void EveryEligibilityAnswerIsWhatTheDomainDecidesOnTheStoredSnapshot()
    {
        foreach (var (subscription, (answer, domain)) in journey.Eligibility)
        {
            Assert.Equal(subscription, answer.GetProperty("sourceSubscriptionId").GetString());
            var answered = answer.GetProperty("items").EnumerateArray().Select(item => Option(
                item.GetProperty("targetOffer").GetProperty("id").GetString()!,
                item.GetProperty("upgradeType").GetString()!,
                item.GetProperty("isEligible").GetBoolean(),
                item.GetProperty("quantity").GetInt32(),
                item.GetProperty("upgradeErrors").EnumerateArray().Select(error => error.GetProperty("code").GetString()!)));
            var decided = domain.Options.Select(option => Option(
                option.TargetOffer.Value, Wire(option.UpgradeType), option.IsEligible, option.Quantity, option.UpgradeErrors.Select(error => error.Code)));

            Assert.Equal(decided, answered);
            Assert.NotEmpty(decided);
        }
    }

    [Fact]
    public void TheCustomerListCountsEachCustomersSubscriptionsAsEligibilityAnswersThem()
    {
        // Seeded: contoso's essentials can be upgraded; fabrikam's suspended premium cannot; adatum's essentials can (to the
        // targets it does not own) and its E3 through another partner has no targets of its own; litware as adatum.
        Assert.Equal(
            [("adatum", 2, 1, 0), ("contoso", 1, 1, 0), ("fabrikam", 1, 0, 1), ("litware", 2, 1, 0)],
            Lines(journey.CustomersBefore));
        Assert.Equal(JsonValueKind.Null, journey.CustomersBefore.GetProperty("continuationToken").ValueKind);
    }

    [Fact]
    public void TheUpgradeLeavesContososLineCountingTheTargetToo()
    {
        // The source keeps its other six seats (still upgradable); the target Business Premium can go on to Enterprise.
        Assert.Equal(("contoso", 2, 2, 0), Lines(journey.CustomersAfterUpgrade).Single(line => line.Id == "contoso"));
        var before = journey.CustomersBefore.GetProperty("items").EnumerateArray().Single(item => item.GetProperty("id").GetString() == "contoso");
        var after = journey.CustomersAfterUpgrade.GetProperty("items").EnumerateArray().Single(item => item.GetProperty("id").GetString() == "contoso");
        Assert.True(after.GetProperty("summaryUpdatedAt").GetDateTimeOffset() > before.GetProperty("summaryUpdatedAt").GetDateTimeOffset());
    }

    [Fact]
    public void AnActiveSubscriptionOfThisPartnerCanMoveEverySeatWithItsUsersToBusinessPremium()
    {
        var option = Options("contoso-essentials").Single(o => o.Target == Target && o.Type == "upgrade_with_license_transfer");

        Assert.True(option.IsEligible, option.Codes);
        Assert.Equal(10, option.Quantity);
    }

    [Fact]
    public void ASuspendedSubscriptionCannotBeUpgradedToAnyTarget()
    {
        var options = Options("fabrikam-premium");

        Assert.Equal(["o365-enterprise-e3", "o365-enterprise-e5"], options.Select(o => o.Target).Distinct().Order());
        Assert.All(options, option =>
        {
            Assert.False(option.IsEligible);
            Assert.Contains(UpgradeErrorCodes.SubscriptionStatusNotActive, option.Codes, StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData("adatum-essentials")]
    [InlineData("litware-essentials")]
    public void ATargetTheCustomerHoldsThroughAnotherPartnerOrDirectlyIsRefusedEvenWhenSuspended(string subscription)
    {
        var options = Options(subscription);

        Assert.All(options.Where(o => o.Target == "o365-enterprise-e3"), option =>
        {
            Assert.False(option.IsEligible);
            Assert.Contains(UpgradeErrorCodes.TargetOfferAlreadyOwned, option.Codes, StringComparison.Ordinal);
        });
        Assert.Contains(options, o => o.Target == "o365-enterprise-e1" && o.IsEligible);
    }

    [Fact]
    public void TheAcceptedUpgradeSucceedsThroughTheQueueAndTheHost()
    {
        var operation = journey.FinishedOperation;

        Assert.Equal("succeeded", operation.GetProperty("status").GetString());
        Assert.Equal(Source, operation.GetProperty("result").GetProperty("sourceSubscriptionId").GetString());
        Assert.Equal(TargetId.Value, operation.GetProperty("result").GetProperty("targetSubscriptionId").GetString());
        Assert.Empty(operation.GetProperty("result").GetProperty("upgradeErrors").EnumerateArray());
        Assert.Equal(
            [$"{journey.OperationId}-credit", $"{journey.OperationId}-charge"],
            operation.GetProperty("billingLines").EnumerateArray().Select(line => line.GetProperty("lineId").GetString()));
    }

    [Fact]
    public void TableStorageHoldsTheSourceTheTargetOneCreditAndOneChargeTheirHistoryAndNoClaim()
    {
        var createdAt = journey.FinishedOperation.GetProperty("createdAt").GetDateTimeOffset();
        Assert.Equal(
            new[]
            {
                TableLayout.BillingRow($"{journey.OperationId}-charge"),
                TableLayout.BillingRow($"{journey.OperationId}-credit"),
                TableLayout.HistoryRow(new SubscriptionId(Source), createdAt, OperationId),
                TableLayout.HistoryRow(TargetId, createdAt, OperationId),
                TableLayout.OperationRow(OperationId),
                TableLayout.ProfileRow,
                TableLayout.SeatLedgerRow,
                TableLayout.SubscriptionRow(new SubscriptionId(Source)),
                TableLayout.SubscriptionRow(TargetId),
            }.Order(StringComparer.Ordinal),
            Steps.StateRowKeys(journey.ContosoRows));
        Assert.DoesNotContain(journey.ContosoRows, row => TableLayout.IsClaimRow(row.RowKey!));
    }

    [Fact]
    public void ThePartialUpgradeReducesTheSourceAndCreatesTheTargetWithTheMovedUsers()
    {
        var subscriptions = journey.ContosoAfter.Snapshot.Subscriptions.ToDictionary(s => s.Id);
        var source = subscriptions[new SubscriptionId(Source)];
        var target = subscriptions[TargetId];

        Assert.Equal((SubscriptionStatus.Active, 10 - UpgradeJourney.UpgradedSeats), (source.Status, source.Quantity));
        Assert.Empty(source.AssignedUsers);
        Assert.Equal((SubscriptionStatus.Active, UpgradeJourney.UpgradedSeats, new OfferId(Target)), (target.Status, target.Quantity, target.OfferId));
        Assert.Equal(ChannelKind.ThisPartner, target.Channel.Kind);
        Assert.Equal(journey.Catalog.Find(new OfferId(Target))!.UnitPriceFor(new CurrencyCode("USD"), BillingCycle.Monthly), target.UnitPrice);
        Assert.Equal(["contoso-u1", "contoso-u2", "contoso-u3"], target.AssignedUsers.Select(user => user.UserObjectId.Value));
    }

    [Fact]
    public void TheCreditAndChargeRowsHoldTheAmountsProrationComputes()
    {
        var rows = journey.ContosoRows.ToDictionary(row => row.RowKey!);
        var credit = rows[TableLayout.BillingRow($"{journey.OperationId}-credit")];
        var charge = rows[TableLayout.BillingRow($"{journey.OperationId}-charge")];
        var changeDate = DateOnly.Parse(credit.GetString("ChangeDate")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(changeDate, journey.UpgradeDays.From, journey.UpgradeDays.To);

        var source = journey.ContosoAfter.Snapshot.GetSubscription(new SubscriptionId(Source));
        var period = source.BillingPeriodContaining(changeDate);
        var targetPrice = journey.ContosoAfter.Snapshot.GetSubscription(TargetId).UnitPrice;
        var expectedCredit = Proration.Credit(OperationId, source.Id, source.OfferId, new Money(500, new CurrencyCode("USD")), UpgradeJourney.UpgradedSeats, period, changeDate);
        var expectedCharge = Proration.Charge(OperationId, TargetId, new OfferId(Target), targetPrice, UpgradeJourney.UpgradedSeats, period, changeDate);

        AssertRow(expectedCredit, credit);
        AssertRow(expectedCharge, charge);
        Assert.True(expectedCredit.Amount.MinorUnits < 0, "a credit gives money back");
        Assert.True(expectedCharge.Amount.MinorUnits > 0, "a charge bills");
    }

    [Fact]
    public void TheAuditTimerSucceedsThroughTheHostAndLogsTheRunThePartnerReads()
    {
        var (invocation, lines) = journey.AuditRun;

        Assert.True(invocation.Succeeded);
        var runId = journey.AuditReport.GetProperty("runId").GetString();
        Assert.Contains($"Audit {runId}: 4 customers, {journey.ExpectedFindings.Count} blocked upgrades", lines);
    }

    [Fact]
    public void TheAuditFindsEverySuspendedBlockerTheDomainRuleFindsAndNothingElse()
    {
        var report = journey.AuditReport;
        var found = report.GetProperty("findings").EnumerateArray().Select(finding => Blocker(
            finding.GetProperty("customerId").GetString()!,
            finding.GetProperty("reason").GetString()!,
            finding.GetProperty("blockingSubscriptionId").GetString()!,
            finding.GetProperty("sourceSubscriptionId").GetString()!,
            finding.GetProperty("targetOfferId").GetString()!)).Order().ToList();
        var expected = journey.ExpectedFindings.Select(finding => Blocker(
            finding.CustomerId.Value, Wire(finding.Reason), finding.BlockingSubscriptionId.Value, finding.SourceSubscriptionId.Value, finding.TargetOfferId.Value)).Order().ToList();

        Assert.Equal(expected, found);
        Assert.Equal(found.Count, report.GetProperty("findingCount").GetInt32());
        Assert.Equal(UpgradeJourney.Sources.Length, report.GetProperty("customersScanned").GetInt32());
        Assert.Contains(Blocker("fabrikam", "suspended_subscription", "fabrikam-premium", "fabrikam-premium", "o365-enterprise-e3"), found);
        Assert.Contains(Blocker("litware", "suspended_copy_of_target", "litware-e3-direct", "litware-essentials", "o365-enterprise-e3"), found);
        Assert.DoesNotContain(found, blocker => blocker.Contains("adatum", StringComparison.Ordinal) || blocker.Contains("contoso", StringComparison.Ordinal));
    }

    [Fact]
    public void TheAuditReportAsCsvHasTheHeaderAndOneRowPerFinding()
    {
        var (contentType, body) = journey.AuditCsv;
        var lines = body.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("text/csv", contentType);
        Assert.Equal(AuditCsv.Header().TrimEnd(), lines[0]);
        Assert.Equal(journey.AuditReport.GetProperty("findingCount").GetInt32(), lines.Length - 1);
        Assert.Contains(lines, line => line.StartsWith("litware,litware-e3-direct,o365-enterprise-e3,suspended,direct,", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("fabrikam,fabrikam-premium,o365-business-premium,suspended,this_partner,", StringComparison.Ordinal));
    }

    private void AssertRow(BillingLine expected, TableEntity row)
    {
        Assert.Equal(journey.OperationId, row.GetString("OperationId"));
        Assert.Equal(BillingLineId.For(OperationId, expected.Kind), expected.LineId);
        Assert.Equal(expected.Kind == BillingLineKind.Credit ? "credit" : "charge", row.GetString("Kind"));
        Assert.Equal(expected.SubscriptionId.Value, row.GetString("SubscriptionId"));
        Assert.Equal(expected.OfferId.Value, row.GetString("OfferId"));
        Assert.Equal(expected.Quantity, row.GetInt32("Quantity"));
        Assert.Equal((expected.DaysRemaining, expected.DaysInPeriod), (row.GetInt32("DaysRemaining"), row.GetInt32("DaysInPeriod")));
        Assert.Equal(expected.UnitPrice.MinorUnits, row.GetInt64("UnitPriceMinor"));
        Assert.Equal(expected.Amount.MinorUnits, row.GetInt64("AmountMinor"));
        Assert.Equal(expected.Amount.Currency.Code, row.GetString("Currency"));
    }

    private List<(string Target, string Type, bool IsEligible, int Quantity, string Codes)> Options(string subscription) =>
        journey.Eligibility[subscription].Answer.GetProperty("items").EnumerateArray().Select(item => (
            item.GetProperty("targetOffer").GetProperty("id").GetString()!,
            item.GetProperty("upgradeType").GetString()!,
            item.GetProperty("isEligible").GetBoolean(),
            item.GetProperty("quantity").GetInt32(),
            string.Join(",", item.GetProperty("upgradeErrors").EnumerateArray().Select(error => error.GetProperty("code").GetString())))).ToList();

    private static string Option(string target, string type, bool eligible, int quantity, IEnumerable<string> codes) =>
        $"{target} {type} eligible={eligible} quantity={quantity} [{string.Join(",", codes)}]";

    private static string Blocker(string customer, string reason, string blocking, string source, string target) =>
        $"{customer}: {blocking} blocks {source} -> {target} ({reason})";

    private static string Wire<T>(T value) => JsonSerializer.Serialize(value).Trim('"');

    private static List<(string Id, int Subscriptions, int Upgradable, int Blocked)> Lines(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(item => (
            item.GetProperty("id").GetString()!,
            item.GetProperty("subscriptionCount").GetInt32(),
            item.GetProperty("upgradableCount").GetInt32(),
            item.GetProperty("blockedCount").GetInt32())).ToList();
}
