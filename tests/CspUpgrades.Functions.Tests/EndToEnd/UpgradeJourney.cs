using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using CspUpgrades.Domain.Audit;
using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.Tests.Support;
using CspUpgrades.Storage.Customers;
using CspUpgrades.Storage.Model;
using CspUpgrades.Testing.Azurite;
using static CspUpgrades.Functions.Tests.EndToEnd.CustomerEvents;

namespace CspUpgrades.Functions.Tests.EndToEnd;

/// <summary>
/// One partner's day, once, through the real app on the isolated worker under the local Functions host, which polls
/// its own Azurite: webhook events seed four customers, the partner checks eligibility, requests an upgrade that the
/// queue carries to ExecuteUpgrade, then the daily audit's timer fires and the partner reads the report.
/// <see cref="UpgradeJourneyTests"/> asserts on what each step answered and stored.
/// </summary>
public sealed class UpgradeJourney : IAsyncLifetime
{
    public const string Partner = "partner-a";
    public const int UpgradedSeats = 4;

    public static readonly CustomerEvents Contoso = new(Partner, "contoso");
    public static readonly CustomerEvents Fabrikam = new(Partner, "fabrikam");
    public static readonly CustomerEvents Adatum = new(Partner, "adatum");
    public static readonly CustomerEvents Litware = new(Partner, "litware");

    /// <summary>Each customer's subscription the partner asks about.</summary>
    public static readonly (CustomerEvents Customer, string Subscription)[] Sources =
    [
        (Contoso, "contoso-essentials"), (Fabrikam, "fabrikam-premium"), (Adatum, "adatum-essentials"), (Litware, "litware-essentials"),
    ];

    private readonly AzuriteFixture _azurite = new();

    public WorkerApp App { get; private set; } = null!;

    public OfferCatalog Catalog => App.Service<OfferCatalog>();

    /// <summary>GET …/upgrades as answered, and what the domain decides on the snapshot stored at that moment.</summary>
    public Dictionary<string, (JsonElement Answer, EligibilityResult Domain)> Eligibility { get; } = [];

    public string OperationId { get; private set; } = null!;

    public JsonElement FinishedOperation { get; private set; }

    /// <summary>The UTC dates just before the request and just after the operation finished.</summary>
    public (DateOnly From, DateOnly To) UpgradeDays { get; private set; }

    public IReadOnlyList<TableEntity> ContosoRows { get; private set; } = [];

    public CustomerRecord ContosoAfter { get; private set; } = null!;

    /// <summary>GET /api/customers after seeding, and after the upgrade finished (before the audit, which would repair any line).</summary>
    public JsonElement CustomersBefore { get; private set; }

    public JsonElement CustomersAfterUpgrade { get; private set; }

    /// <summary>The audit timer's invocation as the host logged it, and the lines the function logged inside it.</summary>
    public (HostInvocation Invocation, IReadOnlyList<string> Lines) AuditRun { get; private set; }

    public JsonElement AuditReport { get; private set; }

    public (string? ContentType, string Body) AuditCsv { get; private set; }

    /// <summary>What the domain's audit rule finds in every customer as stored when the audit ran.</summary>
    public IReadOnlyList<BlockedUpgradeFinding> ExpectedFindings { get; private set; } = [];

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        App = await WorkerApp.StartAsync(_azurite, processQueues: true);
        using var partner = await App.ClientForPartnerAsync(Partner);

        await SeedAsync();
        CustomersBefore = await partner.GetFromJsonAsync<JsonElement>(new Uri("/api/customers", UriKind.Relative));
        await CheckEligibilityAsync(partner);

        var from = Today();
        OperationId = await Steps.RequestUpgradeAsync(
            partner, Contoso.CustomerId, "contoso-essentials", "o365-business-premium", "upgrade_with_license_transfer", quantity: UpgradedSeats);
        FinishedOperation = await Steps.FinishedOperationAsync(partner, OperationId);
        UpgradeDays = (from, Today());
        // The operation shows succeeded at its commit; the customer list's refresh and the event drain follow it. Once the
        // outbox is empty the partition holds exactly what the upgrade left.
        ContosoRows = await Eventually.ReturnsAsync(
            () => Steps.PartitionAsync(App, Partner, Contoso.CustomerId),
            rows => !rows.Any(row => row.RowKey!.StartsWith(TableLayout.PublishPrefix, StringComparison.Ordinal)),
            "the upgrade's events to be published");
        ContosoAfter = (await LoadAsync(Contoso))!;
        CustomersAfterUpgrade = await partner.GetFromJsonAsync<JsonElement>(new Uri("/api/customers", UriKind.Relative));

        await AuditAsync(partner);
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    public Task<CustomerRecord?> LoadAsync(CustomerEvents customer) =>
        App.Service<CustomerStore>().LoadAsync(new PartnerId(Partner), new CustomerId(customer.CustomerId));

    private static DateOnly Today() => DateOnly.FromDateTime(DateTime.UtcNow);

    private async Task SeedAsync()
    {
        await Steps.SendEventsAsync(App,
            // Eligible: Business Essentials with users on it, their licenses assigned by a separate event.
            Contoso.Profile(),
            Contoso.Subscription("contoso-essentials", "o365-business-essentials", 10, "5.00"),
            Contoso.Licenses("contoso-essentials",
                User("contoso-u1", ServiceKind.ExchangeMailbox, ServiceKind.Teams, ServiceKind.OfficeWebApps),
                User("contoso-u2", ServiceKind.OfficeWebApps),
                User("contoso-u3", ServiceKind.SharePoint, ServiceKind.OneDrive)),

            // Suspended: nothing can be done with it until it is reactivated.
            Fabrikam.Profile(),
            Fabrikam.Subscription("fabrikam-premium", "o365-business-premium", 5, "12.50", SubscriptionStatus.Suspended),

            // Already owns Enterprise E3 through another partner.
            Adatum.Profile(),
            Adatum.Subscription("adatum-essentials", "o365-business-essentials", 8, "5.00"),
            Adatum.Subscription("adatum-e3-other", "o365-enterprise-e3", 8, "20.00", channel: OtherPartner("Fourth Coffee IT")),

            // Owns a suspended copy of Enterprise E3, bought directly from Microsoft: the audit's find.
            Litware.Profile(),
            Litware.Subscription("litware-essentials", "o365-business-essentials", 6, "5.00"),
            Litware.Subscription("litware-e3-direct", "o365-enterprise-e3", 2, "20.00", SubscriptionStatus.Suspended, Direct));
    }

    private async Task CheckEligibilityAsync(HttpClient partner)
    {
        foreach (var (customer, subscription) in Sources)
        {
            var answer = await partner.GetFromJsonAsync<JsonElement>(
                new Uri($"/api/customers/{customer.CustomerId}/subscriptions/{subscription}/upgrades", UriKind.Relative));
            var stored = await LoadAsync(customer) ?? throw new InvalidOperationException($"{customer.CustomerId} was not stored.");
            Eligibility[subscription] = (answer, UpgradeEligibility.Evaluate(Catalog, stored.Snapshot, new SubscriptionId(subscription)));
        }
    }

    private async Task AuditAsync(HttpClient partner)
    {
        var invocation = await App.FireTimerAsync("AuditBlockedUpgrades");
        AuditRun = (invocation, App.HostLog.WorkerLines(invocation));

        var expected = new List<BlockedUpgradeFinding>();
        foreach (var (customer, _) in Sources)
        {
            expected.AddRange(BlockedUpgradeAudit.Find(Catalog, (await LoadAsync(customer))!.Snapshot));
        }

        ExpectedFindings = expected;
        AuditReport = await partner.GetFromJsonAsync<JsonElement>(new Uri("/api/audits/latest", UriKind.Relative));

        using var csvRequest = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/audits/latest", UriKind.Relative));
        csvRequest.Headers.Accept.ParseAdd("text/csv");
        using var csv = await partner.SendAsync(csvRequest);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        AuditCsv = (csv.Content.Headers.ContentType?.MediaType, await csv.Content.ReadAsStringAsync());
    }
}
