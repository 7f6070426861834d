using Azure.Data.Tables;
using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.Upgrades;
using CspUpgrades.Storage.Customers;
using CspUpgrades.Storage.Partners;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Operator.Tests;

/// <summary><c>seed-demo</c>: the demo partner run.sh starts with, and the two lines run.sh reads from it.</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class SeedDemoCommandTests(AzuriteFixture azurite)
{
    private static readonly PartnerId DemoPartner = new("demo-partner");

    private static readonly string[] DemoCustomers = ["contoso", "fabrikam", "northwind", "adatum", "litware", "india-co", "tailspin"];

    [Fact]
    public async Task PrintsTheDemoKeyThenTheOperationIdOfTheDemoUpgradeAndSeedsEveryDemoCustomer()
    {
        using var console = OperatorConsole.WithEnvironment(azurite);

        var seeded = await console.RunAsync("seed-demo");

        // run.sh: API_KEY is the next-to-last line, OPERATION_ID the last (its curl requests "Idempotency-Key: demo-1").
        Assert.True(seeded.ExitCode == 0, seeded.ToString());
        Assert.Equal(2, seeded.Output.Count);
        Assert.True(ApiKey.TryParse(seeded.Output[^2], out var key), seeded.ToString());
        Assert.Equal(IdempotencyKey.OperationIdFor(DemoPartner, "demo-1").Value, seeded.Output[^1]);

        var listed = await console.RunAsync("partner-key", "list", "--partner", DemoPartner.Value);
        Assert.Matches($"^{key.KeyId}  created .*  active  scope write  demo key \\(seed-demo\\)$", Assert.Single(listed.Output));

        var customers = new CustomerStore(new TableClient(azurite.ConnectionString, console.TableName));
        foreach (var customer in DemoCustomers)
        {
            Assert.NotNull(await customers.LoadAsync(DemoPartner, new CustomerId(customer)));
        }

        var contoso = await customers.LoadAsync(DemoPartner, new CustomerId("contoso"));
        var essentials = contoso!.Snapshot.GetSubscription(new SubscriptionId("contoso-essentials"));
        Assert.Equal((SubscriptionStatus.Active, 25), (essentials.Status, essentials.Quantity));

        // The customer list has a line for each, with the counts the app's own refresh computes.
        var summaries = new CustomerSummaryStore(new TableClient(azurite.ConnectionString, console.TableName), customers);
        var lines = (await summaries.ReadPageAsync(DemoPartner, 100, null)).Items;
        Assert.Equal(DemoCustomers.Order(StringComparer.Ordinal), lines.Select(line => line.CustomerId.Value));
        var contosoLine = lines.Single(line => line.CustomerId.Value == "contoso");
        Assert.Equal(("contoso", "US", "USD", 1, 1, 0), (contosoLine.Name, contosoLine.Country, contosoLine.Currency?.Code, contosoLine.SubscriptionCount, contosoLine.UpgradableCount, contosoLine.BlockedCount));
        var fabrikamLine = lines.Single(line => line.CustomerId.Value == "fabrikam");
        Assert.Equal((1, 0, 1), (fabrikamLine.SubscriptionCount, fabrikamLine.UpgradableCount, fabrikamLine.BlockedCount));
    }

    [Fact]
    public async Task SeedingAgainStartsTheDemoOver()
    {
        using var console = OperatorConsole.WithEnvironment(azurite);
        Assert.Equal(0, (await console.RunAsync("seed-demo")).ExitCode);
        var customers = new CustomerStore(new TableClient(azurite.ConnectionString, console.TableName));
        var extra = new CustomerId("left-from-before");
        await customers.SaveProfileAsync(DemoPartner, extra, new CustomerProfile(Region.Global, DelegatedAdminGrant.None, "extra"));

        Assert.Equal(0, (await console.RunAsync("seed-demo")).ExitCode);

        Assert.Null(await customers.LoadAsync(DemoPartner, extra));
        Assert.NotNull(await customers.LoadAsync(DemoPartner, new CustomerId("contoso")));
    }
}
