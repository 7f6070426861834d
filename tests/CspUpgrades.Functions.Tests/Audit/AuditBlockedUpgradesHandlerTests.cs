using CspUpgrades.Domain.Audit;
using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.AuditBlockedUpgrades;
using CspUpgrades.Functions.CustomerSummaries;
using CspUpgrades.Functions.Events;
using CspUpgrades.Functions.Settings;
using CspUpgrades.Storage.Audit;
using CspUpgrades.Storage.Customers;
using CspUpgrades.Storage.Outbox;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace CspUpgrades.Functions.Tests.Audit;

/// <summary>How the audit writes what it finds: full transactions of 100 while it scans, the rest when a partner is done.</summary>
public class AuditBlockedUpgradesHandlerTests
{
    private static readonly OfferCatalog Catalog = OfferCatalog.LoadDefault();

    [Fact]
    public async Task WritesFindingsInFullTransactionsOfAHundredWhateverHowACustomersFindingsFallAcrossTheMark()
    {
        // Each customer has three suspended Business Premium subscriptions: six findings (E3 and E5 blocked for each),
        // so the running total crosses 100 inside a customer (at 102). 30 customers: 180 findings, two transactions.
        var customers = Enumerable.Range(0, 30).Select(Customer).ToList();
        var perCustomer = BlockedUpgradeAudit.Find(Catalog, customers[0]).Count;
        Assert.Equal(6, perCustomer);
        var scanner = new Mock<CustomerScanner>();
        scanner.Setup(s => s.ScanRecordsAsync(It.IsAny<CancellationToken>())).Returns(customers.Select(Record).ToAsyncEnumerable());
        var reports = new Mock<AuditReportStore>();
        reports.Setup(r => r.PendingEventsAsync(It.IsAny<PartnerId>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        var written = new List<(int Count, int FirstNumber)>();
        reports.Setup(r => r.WriteFindingsAsync(It.IsAny<string>(), It.IsAny<PartnerId>(), It.IsAny<IReadOnlyList<BlockedUpgradeFinding>>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .Callback((string _, PartnerId _, IReadOnlyList<BlockedUpgradeFinding> findings, int first, CancellationToken _) => written.Add((findings.Count, first)))
            .Returns(Task.CompletedTask);
        var handler = Handler(scanner.Object, reports.Object, SummariesOf([]).Object);

        var summary = await handler.RunAsync(CancellationToken.None);

        Assert.Equal(180, summary.Findings);
        Assert.Equal([(100, 0), (80, 100)], written);
        reports.Verify(r => r.WriteSummaryAsync(It.Is<AuditRun>(run => run.FindingCount == 180 && run.CustomersScanned == 30), It.IsAny<IReadOnlyList<PartnerEvent>?>(), It.IsAny<CancellationToken>()), Times.Once());
    }

    [Fact]
    public async Task RefreshesTheCustomerListLinesThatAreMissingOrOutOfDateAndLeavesTheRest()
    {
        var customers = Enumerable.Range(0, 4).Select(Customer).Select(Record).ToList();
        var now = TimeProvider.System.GetUtcNow();
        var current = CustomerSummary.Of(customers[0], Catalog, now);
        var outOfDate = CustomerSummary.Of(customers[2], Catalog, now) with { BlockedCount = 0 };
        // Lines for customers 0 (current, computed a day ago) and 2 (out of date), and one for a customer the scan does not meet;
        // none for 1 and 3.
        var summaries = SummariesOf([current with { UpdatedAt = now.AddDays(-1) }, current with { CustomerId = new CustomerId("customer-001-gone") }, outOfDate]);
        var scanner = new Mock<CustomerScanner>();
        scanner.Setup(s => s.ScanRecordsAsync(It.IsAny<CancellationToken>())).Returns(customers.ToAsyncEnumerable());
        var reports = new Mock<AuditReportStore>();
        reports.Setup(r => r.PendingEventsAsync(It.IsAny<PartnerId>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);

        await Handler(scanner.Object, reports.Object, summaries.Object).RunAsync(CancellationToken.None);

        var refreshed = summaries.Invocations.Where(call => call.Method.Name == nameof(CustomerSummaryStore.RefreshAsync)).Select(call => ((CustomerId)call.Arguments[1]).Value);
        Assert.Equal(["customer-001", "customer-002", "customer-003"], refreshed);
    }

    private static AuditBlockedUpgradesHandler Handler(CustomerScanner scanner, AuditReportStore reports, CustomerSummaryStore summaries)
    {
        var refresher = new CustomerSummaryRefresher(summaries, Catalog, TimeProvider.System, NullLogger<CustomerSummaryRefresher>.Instance);
        var repair = new CustomerSummaryRepair(summaries, refresher, Catalog, TimeProvider.System);
        // Events off, and no customer here has pending events, so nothing is drained: a strict publisher and storeless stores prove it.
        var options = Options.Create(new EventsOptions { Enabled = false });
        var drain = new OutboxDrain(
            new PartnerEventFeedStore(null!), new OutboxStore(null!), new Mock<IPartnerEventPublisher>(MockBehavior.Strict).Object,
            options, TimeProvider.System, NullLogger<OutboxDrain>.Instance);
        return new AuditBlockedUpgradesHandler(
            scanner, reports, repair, new AuditEvents(options), drain, Catalog, TimeProvider.System, NullLogger<AuditBlockedUpgradesHandler>.Instance);
    }

    private static Mock<CustomerSummaryStore> SummariesOf(IReadOnlyList<CustomerSummary> stored)
    {
        var summaries = new Mock<CustomerSummaryStore>();
        summaries.Setup(s => s.ReadAllAsync(It.IsAny<PartnerId>(), It.IsAny<CancellationToken>())).Returns(() => stored.ToAsyncEnumerable());
        summaries.Setup(s => s.RefreshAsync(It.IsAny<PartnerId>(), It.IsAny<CustomerId>(), It.IsAny<OfferCatalog>(), It.IsAny<TimeProvider>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(true);
        return summaries;
    }

    private static CustomerRecord Record(CustomerSnapshot snapshot) => new()
    {
        Snapshot = snapshot,
        SubscriptionETags = new Dictionary<SubscriptionId, Azure.ETag>(),
        Claims = new Dictionary<SubscriptionId, SubscriptionClaim>(),
        Profile = new CustomerProfile(Domain.Catalog.Region.Global, snapshot.DelegatedAdmin, "Customer " + snapshot.CustomerId),
    };

    private static CustomerSnapshot Customer(int index) => new()
    {
        PartnerId = new PartnerId("partner-a"),
        CustomerId = new CustomerId($"customer-{index:D3}"),
        DelegatedAdmin = DelegatedAdminGrant.None,
        Subscriptions = Enumerable.Range(0, 3).Select(n => new Subscription
        {
            Id = new SubscriptionId($"bp-{n}"),
            OfferId = new OfferId("o365-business-premium"),
            Status = SubscriptionStatus.Suspended,
            Quantity = 10,
            Channel = SalesChannel.ThisPartner,
            BillingCycle = BillingCycle.Monthly,
            TermStart = new DateOnly(2026, 1, 1),
            TermEnd = new DateOnly(2027, 1, 1),
            UnitPrice = new Money(1250, CurrencyCode.Usd),
            Version = 1,
        }).ToList(),
    };
}
