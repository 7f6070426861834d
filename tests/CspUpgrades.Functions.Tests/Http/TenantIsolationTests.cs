using System.Net;
using System.Text.Json;
using CspUpgrades.Functions.Tests.Http.Builders;
using CspUpgrades.Functions.Tests.Http.Support;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Functions.Tests.Http;

/// <summary>
/// DESIGN §6: the partner comes from the API key, never from the URL; another partner's customers,
/// subscriptions and operations are 404 (not 403), and asking for them changes nothing.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class TenantIsolationTests(HttpAppFixture fixture) : IClassFixture<HttpAppFixture>
{
    private const string Customer = "contoso";
    private const string Subscription = "contoso-essentials";
    private const string IdempotencyKey = "shared-key-1";
    private static readonly object Upgrade = new { targetOffer = "o365-enterprise-e3", upgradeType = "upgrade_only" };

    private readonly UpgradeQueueProbe _queue = new(fixture.Azurite);

    public static TheoryData<string> Endpoints => new()
    {
        "GET upgrades",
        "POST upgrades",
        "POST upgrades with the owner's Idempotency-Key",
        "GET operation",
        "POST licenses",
        "POST licenses with If-Match",
        "POST licenses with the owner's Idempotency-Key",
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task AnotherPartnersIdsAreNotFoundAndNothingChanges(string endpoint)
    {
        var (owner, operationId) = await SeedOwnerAsync();
        var intruder = await fixture.NewPartnerAsync("intruder");
        var snapshot = await TableSnapshot.TakeAsync(fixture.App.Table);
        var queued = await _queue.ApproximateCountAsync();

        using var response = endpoint switch
        {
            "GET upgrades" => await intruder.GetAsync(Routes.Upgrades(Customer, Subscription)),
            "POST upgrades" => await intruder.PostAsync(Routes.Upgrades(Customer, Subscription), Upgrade),
            "POST upgrades with the owner's Idempotency-Key" =>
                await intruder.PostAsync(Routes.Upgrades(Customer, Subscription), Upgrade, ("Idempotency-Key", IdempotencyKey)),
            "GET operation" => await intruder.GetAsync(Routes.Operation(operationId)),
            "POST licenses" => await intruder.PostAsync(Routes.Licenses(Customer, Subscription), new { quantity = 1 }),
            "POST licenses with If-Match" => await intruder.PostAsync(Routes.Licenses(Customer, Subscription), new { quantity = 1 }, ("If-Match", "\"1\"")),
            "POST licenses with the owner's Idempotency-Key" =>
                await intruder.PostAsync(Routes.Licenses(Customer, Subscription), new { quantity = 1 }, ("Idempotency-Key", IdempotencyKey)),
            _ => throw new ArgumentOutOfRangeException(nameof(endpoint)),
        };

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, "not_found");
        Assert.DoesNotContain(owner.Id, problem.ToString(), StringComparison.Ordinal);
        Assert.Equal(snapshot, await TableSnapshot.TakeAsync(fixture.App.Table));
        Assert.Equal(queued, await _queue.ApproximateCountAsync());
    }

    [Fact]
    public async Task TheSameCustomerIdUnderTwoPartnersIsTwoCustomers()
    {
        var (owner, _) = await SeedOwnerAsync();
        var other = await fixture.NewPartnerAsync("other");
        await other.SeedAsync(Customer, new SubscriptionSpec("contoso-business", "o365-business").Suspended());

        using var ownersSubscriptionForOther = await other.GetAsync(Routes.Upgrades(Customer, Subscription));
        using var othersSubscriptionForOwner = await owner.GetAsync(Routes.Upgrades(Customer, "contoso-business"));
        var owners = await owner.GetJsonAsync(Routes.Upgrades(Customer, Subscription));

        await ProblemAssert.IsAsync(ownersSubscriptionForOther, HttpStatusCode.NotFound, "not_found");
        await ProblemAssert.IsAsync(othersSubscriptionForOwner, HttpStatusCode.NotFound, "not_found");
        Assert.All(owners.GetProperty("items").EnumerateArray(), item => Assert.True(item.GetProperty("isEligible").GetBoolean()));
    }

    /// <summary>The owner: contoso with an eligible subscription, and an upgrade requested under <see cref="IdempotencyKey"/>.</summary>
    private async Task<(TestPartner Owner, string OperationId)> SeedOwnerAsync()
    {
        var owner = await fixture.NewPartnerAsync("owner");
        await owner.SeedAsync(Customer, new SubscriptionSpec(Subscription, "o365-business-essentials") { Quantity = 25 });
        using var accepted = await owner.PostAsync(Routes.Upgrades(Customer, Subscription),
            new { targetOffer = "o365-enterprise-e1", upgradeType = "upgrade_only", quantity = 1 }, ("Idempotency-Key", IdempotencyKey));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var operationId = JsonDocument.Parse(await accepted.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        Assert.Single(await _queue.TakeMessagesOfAsync(operationId));
        return (owner, operationId);
    }
}
