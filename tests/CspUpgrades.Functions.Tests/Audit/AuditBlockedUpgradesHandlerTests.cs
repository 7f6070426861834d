using CspUpgrades.Domain.Audit;
using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.AuditBlockedUpgrades;
using CspUpgrades.Storage.Audit;
using Microsoft.Extensions.Logging.Abstractions;
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
        scanner.Setup(s => s.ScanAsync(It.IsAny<CancellationToken>())).Returns(customers.ToAsyncEnumerable());
        var reports = new Mock<AuditReportStore>();
        var written = new List<(int Count, int FirstNumber)>();
        reports.Setup(r => r.WriteFindingsAsync(It.IsAny<string>(), It.IsAny<PartnerId>(), It.IsAny<IReadOnlyList<BlockedUpgradeFinding>>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .Callback((string _, PartnerId _, IReadOnlyList<BlockedUpgradeFinding> findings, int first, CancellationToken _) => written.Add((findings.Count, first)))
            .Returns(Task.CompletedTask);
        var handler = new AuditBlockedUpgradesHandler(scanner.Object, reports.Object, Catalog, TimeProvider.System, NullLogger<AuditBlockedUpgradesHandler>.Instance);

        var summary = await handler.RunAsync(CancellationToken.None);

        Assert.Equal(180, summary.Findings);
        Assert.Equal([(100, 0), (80, 100)], written);
        reports.Verify(r => r.WriteSummaryAsync(It.Is<AuditRun>(run => run.FindingCount == 180 && run.CustomersScanned == 30), It.IsAny<CancellationToken>()), Times.Once());
    }

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
