using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using CspUpgrades.Functions.Security;
using CspUpgrades.Functions.Tests.Http.Builders;
using CspUpgrades.Functions.Tests.Http.Support;
using CspUpgrades.Storage.Model;
using CspUpgrades.Storage.Partners;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Functions.Tests.Security;

/// <summary>
/// An API key's scope through the real worker: <c>read</c> reaches every GET and no change, <c>write</c> both, and a key
/// stored before keys had a scope keeps the full access it was created with.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class ApiKeyScopeTests(HttpAppFixture fixture) : IClassFixture<HttpAppFixture>
{
    private const string Customer = "contoso";
    private const string Subscription = "contoso-essentials";
    private static readonly SubscriptionSpec Essentials = new(Subscription, "o365-business-essentials") { Quantity = 12 };
    private static readonly object ToE3 = new { targetOffer = "o365-enterprise-e3", upgradeType = "upgrade_only" };

    [Fact]
    public async Task AReadKeyReadsEverythingButChangesNothing()
    {
        var partner = await fixture.NewPartnerAsync("reader");
        await partner.SeedAsync(Customer, Essentials);
        using var reader = await fixture.App.ClientForPartnerAsync(partner.Id, PartnerPermission.Read);

        using (var eligibility = await reader.GetAsync(new Uri(Routes.Upgrades(Customer, Subscription), UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, eligibility.StatusCode);
        }

        using (var subscription = await reader.GetAsync(new Uri(Routes.Subscription(Customer, Subscription), UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, subscription.StatusCode);
        }

        using var upgrade = await reader.PostAsJsonAsync(Routes.Upgrades(Customer, Subscription), ToE3);
        var refused = await ProblemAssert.IsAsync(upgrade, HttpStatusCode.Forbidden, "insufficient_scope");
        Assert.Contains("'write'", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var licenses = await reader.PostAsJsonAsync(Routes.Licenses(Customer, Subscription), new { quantity = 1 });
        await ProblemAssert.IsAsync(licenses, HttpStatusCode.Forbidden, "insufficient_scope");

        // Refused before the function ran: no operation, no seat.
        Assert.Equal(12, (await partner.GetJsonAsync(Routes.Subscription(Customer, Subscription))).GetProperty("quantity").GetInt32());
        var partnerRows = fixture.App.Table.Query<TableEntity>(row => row.PartitionKey == TableLayout.PartnerPartition(partner.PartnerId));
        Assert.DoesNotContain(partnerRows, row => row.RowKey.StartsWith(TableLayout.OperationPrefix, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AWriteKeyChangesToo()
    {
        var partner = await fixture.NewPartnerAsync("writer");
        await partner.SeedAsync(Customer, Essentials);
        using var writer = await fixture.App.ClientForPartnerAsync(partner.Id, PartnerPermission.Write);

        using var licenses = await writer.PostAsJsonAsync(Routes.Licenses(Customer, Subscription), new { quantity = 1 });

        Assert.Equal(HttpStatusCode.OK, licenses.StatusCode);
        Assert.Equal(13, (await partner.GetJsonAsync(Routes.Subscription(Customer, Subscription))).GetProperty("quantity").GetInt32());
    }

    [Fact]
    public async Task AKeyStoredBeforeScopesKeepsFullAccess()
    {
        var partner = await fixture.NewPartnerAsync("legacy");
        await partner.SeedAsync(Customer, Essentials);
        var key = ApiKey.Generate();
        // The row as the store wrote it before keys had a scope: no Scope column.
        await fixture.App.Table.AddEntityAsync(new TableEntity(TableLayout.ApiKeysPartition, key.KeyId)
        {
            ["PartnerId"] = partner.Id,
            ["SecretHash"] = key.SecretHash,
            ["CreatedAt"] = DateTimeOffset.UtcNow,
        });
        using var legacy = fixture.App.CreateClient();
        legacy.DefaultRequestHeaders.Add(PartnerAuthentication.HeaderName, key.Reveal());

        using var upgrade = await legacy.PostAsJsonAsync(Routes.Upgrades(Customer, Subscription), ToE3);

        var body = await upgrade.Content.ReadAsStringAsync();
        Assert.True(upgrade.StatusCode == HttpStatusCode.Accepted, body);
        Assert.Equal("queued", JsonDocument.Parse(body).RootElement.GetProperty("status").GetString());
    }
}
