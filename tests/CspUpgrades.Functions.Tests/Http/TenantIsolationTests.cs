using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using CspUpgrades.Functions.Tests.Http.Builders;
using CspUpgrades.Functions.Tests.Http.Support;
using CspUpgrades.Storage.Partners;
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

    // A well-formed run id; a revoked key must be refused before anyone looks for it.
    private const string NoSuchRun = "20000101T000000Z-00000000";
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

    /// <summary>The audit report, latest or by run id, JSON or CSV: service-wide runs, so another partner's call answers 200 with its own findings.</summary>
    public static TheoryData<string> AuditEndpoints => new()
    {
        "GET audits/latest",
        "GET audits/latest as CSV",
        "GET audits/{runId}",
        "GET audits/{runId} as CSV",
    };

    public static TheoryData<string> EveryEndpoint
    {
        get
        {
            var every = new TheoryData<string>();
            foreach (var endpoint in Enumerable.Concat<object[]>(Endpoints, AuditEndpoints))
            {
                every.Add((string)endpoint[0]);
            }

            return every;
        }
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task AnotherPartnersIdsAreNotFoundAndNothingChanges(string endpoint)
    {
        var (owner, operationId) = await SeedOwnerAsync();
        var intruder = await fixture.NewPartnerAsync("intruder");
        var snapshot = await TableSnapshot.TakeAsync(fixture.App.Table);
        var queued = await _queue.ApproximateCountAsync();

        using var response = await SendAsync(intruder, endpoint, operationId);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, "not_found");
        Assert.DoesNotContain(owner.Id, problem.ToString(), StringComparison.Ordinal);
        Assert.Equal(snapshot, await TableSnapshot.TakeAsync(fixture.App.Table));
        Assert.Equal(queued, await _queue.ApproximateCountAsync());
    }

    [Theory]
    [MemberData(nameof(EveryEndpoint))]
    public async Task ARevokedKeyIsRefusedEverywhereEvenOnItsOwnDataAndNothingChanges(string endpoint)
    {
        var (owner, operationId) = await SeedOwnerAsync();
        Assert.True(await fixture.App.Service<PartnerApiKeyStore>().RevokeAsync(owner.KeyId, DateTimeOffset.UtcNow));
        var snapshot = await TableSnapshot.TakeAsync(fixture.App.Table);
        var queued = await _queue.ApproximateCountAsync();

        using var response = await SendAsync(owner, endpoint, operationId);

        await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal(snapshot, await TableSnapshot.TakeAsync(fixture.App.Table));
        Assert.Equal(queued, await _queue.ApproximateCountAsync());
    }

    [Theory]
    [MemberData(nameof(AuditEndpoints))]
    public async Task AnAuditReportNeverShowsAnotherPartnersFindings(string endpoint)
    {
        var (owner, operationId) = await SeedOwnerAsync();
        await owner.SeedAsync("owners-blocked", new SubscriptionSpec("owners-premium", "o365-business-premium").Suspended());
        var intruder = await fixture.NewPartnerAsync("intruder");
        await intruder.SeedAsync("intruders-own", new SubscriptionSpec("intruders-premium", "o365-business-premium").Suspended());
        var runId = await fixture.App.RunAuditAsync();

        using var response = await SendAsync(intruder, endpoint.Replace("{runId}", runId, StringComparison.Ordinal), operationId);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Contains("intruders-premium", body, StringComparison.Ordinal);
        Assert.DoesNotContain(owner.Id, body, StringComparison.Ordinal);
        Assert.DoesNotContain("owners-", body, StringComparison.Ordinal);
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

    /// <summary>Sends one of <see cref="EveryEndpoint"/> as <paramref name="caller"/>, naming the owner's ids.</summary>
    private static async Task<HttpResponseMessage> SendAsync(TestPartner caller, string endpoint, string operationId)
    {
        if (endpoint.StartsWith("GET audits/", StringComparison.Ordinal))
        {
            var (path, csv) = endpoint["GET audits/".Length..] switch
            {
                var route when route.EndsWith(" as CSV", StringComparison.Ordinal) => (route[..^" as CSV".Length], true),
                var route => (route, false),
            };
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Routes.Audit(path == "{runId}" ? NoSuchRun : path), UriKind.Relative));
            if (csv)
            {
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
            }

            return await caller.Client.SendAsync(request);
        }

        return endpoint switch
        {
            "GET upgrades" => await caller.GetAsync(Routes.Upgrades(Customer, Subscription)),
            "POST upgrades" => await caller.PostAsync(Routes.Upgrades(Customer, Subscription), Upgrade),
            "POST upgrades with the owner's Idempotency-Key" =>
                await caller.PostAsync(Routes.Upgrades(Customer, Subscription), Upgrade, ("Idempotency-Key", IdempotencyKey)),
            "GET operation" => await caller.GetAsync(Routes.Operation(operationId)),
            "POST licenses" => await caller.PostAsync(Routes.Licenses(Customer, Subscription), new { quantity = 1 }),
            "POST licenses with If-Match" => await caller.PostAsync(Routes.Licenses(Customer, Subscription), new { quantity = 1 }, ("If-Match", "\"1\"")),
            "POST licenses with the owner's Idempotency-Key" =>
                await caller.PostAsync(Routes.Licenses(Customer, Subscription), new { quantity = 1 }, ("Idempotency-Key", IdempotencyKey)),
            _ => throw new ArgumentOutOfRangeException(nameof(endpoint)),
        };
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
