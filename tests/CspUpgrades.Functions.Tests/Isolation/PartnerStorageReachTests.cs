using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using CspUpgrades.Functions.ExecuteUpgrade;
using CspUpgrades.Functions.FailPoisonedUpgrade;
using CspUpgrades.Functions.Security;
using CspUpgrades.Functions.Tests.Http.Builders;
using CspUpgrades.Functions.Tests.Http.Support;
using CspUpgrades.Functions.Tests.Security.Entra;
using CspUpgrades.Functions.Tests.Support;
using CspUpgrades.Functions.Upgrades;
using CspUpgrades.Storage.Clients;
using CspUpgrades.Storage.Model;
using CspUpgrades.Storage.Partners;
using CspUpgrades.Testing.App.Entra;
using CspUpgrades.Testing.Azurite;
using CspUpgrades.Testing.Azurite.Requests;

namespace CspUpgrades.Functions.Tests.Isolation;

/// <summary>
/// Issue #5 item 9, at the level of storage requests: every request a call made with partner A's credential sends
/// stays inside A's partitions (<see cref="PartnerStorageBoundary"/>), whether the call names A's own ids or
/// partner B's, and every message it queues names only A's data. Every call runs twice (#35): with A's API key, and with an
/// Entra ID access token of A's tenant (issued by a <see cref="TestIdentityProvider"/> on loopback), so token callers are held
/// to the same reach as key callers. Recorded on the worker's own storage clients
/// (<see cref="RecordedStorageRequests"/>: the invocation and the writing of its result); queue functions run in a second instance on the same table, fed
/// through the real queues. Own Azurite: the calls send to the upgrade queue.
/// </summary>
public sealed class PartnerStorageReachTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const string Eligible = "contoso-essentials";
    private const string TheirCustomer = "fabrikam";
    private const string TheirSubscription = "fabrikam-essentials";
    private const string TheirUpgradeKey = "their-upgrade-key";
    private const string TheirLicensesKey = "their-licenses-key";
    private const string IdempotencyHeader = "Idempotency-Key";
    private static readonly object Upgrade = new { targetOffer = "o365-enterprise-e3", upgradeType = "upgrade_only" };
    private static readonly object OneLicense = new { quantity = 1 };

    private readonly RecordedStorageRequests _requests = new();
    private WorkerApp _app = null!;
    private readonly QueueClient _queue = new(azurite.ConnectionString, UpgradeQueue.Name, StorageClientDefaults.QueueOptions());
    private TestIdentityProvider _identity = null!;
    private TestPartner _a = null!;
    private TestPartner _b = null!;
    private Guid _aTenant;
    private Guid _bTenant;

    // A as the call under test makes it: with its API key (_a itself) or with a bearer token of its tenant.
    private TestPartner _caller = null!;
    private string _ourOperation = null!;
    private string _ourMessage = null!;
    private string _theirOperation = null!;
    private string _runId = null!;

    /// <summary>How partner A proves who it is in a row: its API key, or an Entra ID access token of its tenant.</summary>
    public static readonly string[] Credentials = [ApiKey, BearerToken];

    private const string ApiKey = "an API key";
    private const string BearerToken = "a bearer token";

    public static TheoryData<string, string> OwnCallsWithEachCredential => WithEachCredential(OwnCalls);

    public static TheoryData<string, string> CallsNamingAnotherPartnersIdsWithEachCredential => WithEachCredential(CallsNamingAnotherPartnersIds);

    public static TheoryData<string> CredentialsData => new(Credentials);

    private static TheoryData<string, string> WithEachCredential(TheoryData<string> calls)
    {
        var rows = new TheoryData<string, string>();
        foreach (var call in ((IEnumerable<object[]>)calls).Select(row => (string)row[0]))
        {
            // A queue function has no caller and no credential: its rows run once.
            foreach (var credential in QueueFunctionCalls.Contains(call) ? [ApiKey] : Credentials)
            {
                rows.Add(call, credential);
            }
        }

        return rows;
    }

    private static readonly string[] QueueFunctionCalls = ["ExecuteUpgrade of its operation", "FailPoisonedUpgrade of its operation"];

    public static TheoryData<string> OwnCalls => new()
    {
        "GET customers",
        "GET events",
        "GET customers, its next page",
        "GET subscription",
        "GET subscriptions",
        "GET licenses/preview",
        "GET history",
        "GET history's next page",
        "GET upgrades",
        "POST upgrades",
        "POST upgrades with an Idempotency-Key",
        "POST upgrades replaying its Idempotency-Key",
        "POST upgrades with the key B used",
        "GET operation",
        "POST licenses",
        "POST licenses with If-Match",
        "POST licenses with an Idempotency-Key",
        "GET audits/latest",
        "GET audits/latest as CSV",
        "GET audits/{runId}",
        "GET audits/{runId} as CSV",
        "ExecuteUpgrade of its operation",
        "FailPoisonedUpgrade of its operation",
        "any call with its revoked credential",
    };

    public static TheoryData<string> CallsNamingAnotherPartnersIds => new()
    {
        "GET subscription of B's customer",
        "GET subscriptions of B's customer",
        "GET licenses/preview of B's customer",
        "GET licenses/preview of B's subscription under A's customer",
        "GET subscription of B's subscription under A's customer",
        "GET history of B's customer",
        "GET history of B's subscription under A's customer",
        "GET upgrades of B's customer",
        "GET upgrades of B's subscription under A's customer",
        "POST upgrades of B's customer",
        "POST upgrades of B's customer with B's Idempotency-Key",
        "POST upgrades of B's subscription under A's customer",
        "GET B's operation",
        "POST licenses of B's customer",
        "POST licenses of B's customer with If-Match",
        "POST licenses of B's customer with B's Idempotency-Key",
        "POST licenses of B's subscription under A's customer",
    };

    public async Task InitializeAsync()
    {
        _identity = await TestIdentityProvider.StartAsync();
        _app = await WorkerApp.StartAsync(azurite, EntraAppFixture.Settings(_identity), overrideServices: _requests.Register);
        _a = await TestPartner.CreateAsync(_app, "a");
        _b = await TestPartner.CreateAsync(_app, "b");
        (_aTenant, _bTenant) = (Guid.NewGuid(), Guid.NewGuid());
        await _app.Service<PartnerTenantStore>().AddAsync(_aTenant, _a.PartnerId, DateTimeOffset.UtcNow);
        await _app.Service<PartnerTenantStore>().AddAsync(_bTenant, _b.PartnerId, DateTimeOffset.UtcNow);
        foreach (var (partner, customer) in new[] { (_a, "contoso"), (_b, TheirCustomer) })
        {
            await partner.SeedAsync(customer, new SubscriptionSpec(customer + "-essentials", "o365-business-essentials") { Quantity = 25 });
            // A suspended subscription, so both partners have audit findings.
            await partner.SeedAsync(customer + "-blocked", new SubscriptionSpec(customer + "-premium", "o365-business-premium").Suspended());
        }

        _ourOperation = await RequestUpgradeAsync(_a, "contoso", Eligible, "our-upgrade-key");
        _theirOperation = await RequestUpgradeAsync(_b, TheirCustomer, TheirSubscription, TheirUpgradeKey);
        using (var theirLicenses = await _b.PostAsync(Routes.Licenses(TheirCustomer, TheirSubscription), OneLicense, (IdempotencyHeader, TheirLicensesKey)))
        {
            Assert.Equal(HttpStatusCode.OK, theirLicenses.StatusCode);
        }

        _runId = await _app.RunAuditAsync();
        _ourMessage = Assert.Single(await TakeQueuedMessagesAsync(), text => text.Contains(_ourOperation, StringComparison.Ordinal));
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _identity.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(OwnCallsWithEachCredential))]
    public async Task ACallOnItsOwnDataStaysInsideThePartnersPartitions(string call, string credential)
    {
        CallWith(credential);
        if (call == "any call with its revoked credential")
        {
            // A key is revoked; a tenant stops being A's (the operator removes its mapping).
            _ = credential == ApiKey
                ? await _app.Service<PartnerApiKeyStore>().RevokeAsync(_a.KeyId, DateTimeOffset.UtcNow)
                : await _app.Service<PartnerTenantStore>().RemoveAsync(_aTenant, _a.PartnerId);
        }

        var requests = call switch
        {
            "ExecuteUpgrade of its operation" => await RunQueueFunctionAsync(nameof(ExecuteUpgradeFunction.ExecuteUpgrade), UpgradeQueue.Name),
            "FailPoisonedUpgrade of its operation" => await RunQueueFunctionAsync(nameof(FailPoisonedUpgradeFunction.FailPoisonedUpgrade), UpgradeQueue.PoisonName),
            _ => await CountedAsync(() => SendOwnAsync(call), ExpectedForOwn(call, credential)),
        };

        await AssertInsideAsync(requests);
    }

    [Theory]
    [MemberData(nameof(CallsNamingAnotherPartnersIdsWithEachCredential))]
    public async Task ACallNamingAnotherPartnersIdsStaysInsideThePartnersPartitions(string call, string credential)
    {
        CallWith(credential);
        var requests = await CountedAsync(() => SendHostileAsync(call), HttpStatusCode.NotFound);

        await AssertInsideAsync(requests);
    }

    [Theory]
    [MemberData(nameof(CredentialsData))]
    public async Task ListingCustomersWithTheTokenBGotIsRefusedAndReachesNothingOfB(string credential)
    {
        CallWith(credential);
        var theirPage = await _b.GetJsonAsync("/api/customers?top=1");
        var theirToken = theirPage.GetProperty("continuationToken").GetString()!;

        var requests = await CountedAsync(
            () => _caller.GetAsync("/api/customers?top=1&continuationToken=" + Uri.EscapeDataString(theirToken)), HttpStatusCode.BadRequest);

        // Refused before any read of the list (at most the key's or the tenant's lookup, which stays in A's reach).
        Assert.DoesNotContain(requests, request => request.PartitionKey == TableLayout.CustomerSummaryPartition(_a.PartnerId));
        if (requests.Count > 0)
        {
            await AssertInsideAsync(requests);
        }
    }

    [Fact]
    public async Task TheBoundaryRefusesWhatAPartnerMustNotReach()
    {
        // The check itself can fail: B's partition, a scan, another partner's pending row, a write to the key table.
        var requests = new Dictionary<string, Func<TableClient, Task>>
        {
            ["another partner's partition"] = table => table.GetEntityIfExistsAsync<TableEntity>(_b.Id + "|" + TheirCustomer, "profile"),
            ["a scan"] = async table => await table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {"profile"}")).ToListAsync(),
            ["an or-branch into another partner"] = async table => await table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter(
                $"PartitionKey eq {_a.Id + "|contoso"} or PartitionKey eq {_b.Id + "|" + TheirCustomer}")).ToListAsync(),
            ["another partner's pending row"] = table => table.DeleteEntityAsync(TableLayout.PendingPartition, "0000000000000000001|" + _theirOperation),
            ["a write to the key table"] = table => table.UpsertEntityAsync(new TableEntity(TableLayout.ApiKeysPartition, _a.KeyId)),
            ["another partner's tenant"] = table => table.GetEntityIfExistsAsync<TableEntity>(TableLayout.TenantsPartition, _bTenant.ToString("D")),
            ["a write to the tenant table"] = table => table.UpsertEntityAsync(new TableEntity(TableLayout.TenantsPartition, _aTenant.ToString("D"))),
        };

        foreach (var (what, request) in requests)
        {
            using var scope = StorageRequestRecorder.BeginScope();
            await request(_app.Table);
            var recorded = scope.Recorded;
            await Assert.ThrowsAsync<Xunit.Sdk.TrueException>(() => AssertInsideAsync(recorded));
        }
    }

    private Task<HttpResponseMessage> SendOwnAsync(string call) => call switch
    {
        "GET customers" => _caller.GetAsync("/api/customers"),
        "GET events" => _caller.GetAsync(Routes.Events()),
        "GET customers, its next page" => NextPageOfCustomersAsync(_caller),
        "GET subscription" => _caller.GetAsync(Routes.Subscription("contoso", Eligible)),
        "GET subscriptions" => _caller.GetAsync(Routes.Subscriptions("contoso")),
        "GET licenses/preview" => _caller.GetAsync(Routes.Licenses("contoso", Eligible) + "/preview?quantity=1"),
        "GET history" => _caller.GetAsync(Routes.History("contoso", Eligible)),
        "GET history's next page" => GetNextHistoryPageAsync(),
        "GET upgrades" => _caller.GetAsync(Routes.Upgrades("contoso", Eligible)),
        "POST upgrades" => _caller.PostAsync(Routes.Upgrades("contoso", Eligible), Upgrade),
        "POST upgrades with an Idempotency-Key" => _caller.PostAsync(Routes.Upgrades("contoso", Eligible), Upgrade, (IdempotencyHeader, "new-key")),
        "POST upgrades replaying its Idempotency-Key" => ReplayOurUpgradeAsync(),
        "POST upgrades with the key B used" => _caller.PostAsync(Routes.Upgrades("contoso", Eligible), Upgrade, (IdempotencyHeader, TheirUpgradeKey)),
        "GET operation" => _caller.GetAsync(Routes.Operation(_ourOperation)),
        "POST licenses" => _caller.PostAsync(Routes.Licenses("contoso", Eligible), OneLicense),
        "POST licenses with If-Match" => _caller.PostAsync(Routes.Licenses("contoso", Eligible), OneLicense, ("If-Match", "\"1\"")),
        "POST licenses with an Idempotency-Key" => _caller.PostAsync(Routes.Licenses("contoso", Eligible), OneLicense, (IdempotencyHeader, "licenses-key")),
        "GET audits/latest" => _caller.GetAsync(Routes.Audit()),
        "GET audits/latest as CSV" => GetCsvAsync(Routes.Audit()),
        "GET audits/{runId}" => _caller.GetAsync(Routes.Audit(_runId)),
        "GET audits/{runId} as CSV" => GetCsvAsync(Routes.Audit(_runId)),
        "any call with its revoked credential" => _caller.GetAsync(Routes.Upgrades("contoso", Eligible)),
        _ => throw new ArgumentOutOfRangeException(nameof(call)),
    };

    private static HttpStatusCode ExpectedForOwn(string call, string credential) => call switch
    {
        "POST upgrades" or "POST upgrades with an Idempotency-Key" or "POST upgrades replaying its Idempotency-Key"
            or "POST upgrades with the key B used" => HttpStatusCode.Accepted,
        // A revoked key is no credential (401); a valid token whose tenant is no longer mapped is tenant_not_registered (403).
        "any call with its revoked credential" => credential == ApiKey ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden,
        _ => HttpStatusCode.OK,
    };

    private Task<HttpResponseMessage> SendHostileAsync(string call) => call switch
    {
        "GET subscription of B's customer" => _caller.GetAsync(Routes.Subscription(TheirCustomer, TheirSubscription)),
        "GET subscriptions of B's customer" => _caller.GetAsync(Routes.Subscriptions(TheirCustomer)),
        "GET licenses/preview of B's customer" => _caller.GetAsync(Routes.Licenses(TheirCustomer, TheirSubscription) + "/preview?quantity=1"),
        "GET licenses/preview of B's subscription under A's customer" => _caller.GetAsync(Routes.Licenses("contoso", TheirSubscription) + "/preview?quantity=1"),
        "GET subscription of B's subscription under A's customer" => _caller.GetAsync(Routes.Subscription("contoso", TheirSubscription)),
        "GET history of B's customer" => _caller.GetAsync(Routes.History(TheirCustomer, TheirSubscription)),
        "GET history of B's subscription under A's customer" => _caller.GetAsync(Routes.History("contoso", TheirSubscription)),
        "GET upgrades of B's customer" => _caller.GetAsync(Routes.Upgrades(TheirCustomer, TheirSubscription)),
        "GET upgrades of B's subscription under A's customer" => _caller.GetAsync(Routes.Upgrades("contoso", TheirSubscription)),
        "POST upgrades of B's customer" => _caller.PostAsync(Routes.Upgrades(TheirCustomer, TheirSubscription), Upgrade),
        "POST upgrades of B's customer with B's Idempotency-Key" =>
            _caller.PostAsync(Routes.Upgrades(TheirCustomer, TheirSubscription), Upgrade, (IdempotencyHeader, TheirUpgradeKey)),
        "POST upgrades of B's subscription under A's customer" => _caller.PostAsync(Routes.Upgrades("contoso", TheirSubscription), Upgrade),
        "GET B's operation" => _caller.GetAsync(Routes.Operation(_theirOperation)),
        "POST licenses of B's customer" => _caller.PostAsync(Routes.Licenses(TheirCustomer, TheirSubscription), OneLicense),
        "POST licenses of B's customer with If-Match" => _caller.PostAsync(Routes.Licenses(TheirCustomer, TheirSubscription), OneLicense, ("If-Match", "\"2\"")),
        "POST licenses of B's customer with B's Idempotency-Key" =>
            _caller.PostAsync(Routes.Licenses(TheirCustomer, TheirSubscription), OneLicense, (IdempotencyHeader, TheirLicensesKey)),
        "POST licenses of B's subscription under A's customer" => _caller.PostAsync(Routes.Licenses("contoso", TheirSubscription), OneLicense),
        _ => throw new ArgumentOutOfRangeException(nameof(call)),
    };

    private async Task<IReadOnlyList<StorageRequest>> CountedAsync(Func<Task<HttpResponseMessage>> call, HttpStatusCode expected)
    {
        var mark = _requests.Mark;
        using var response = await call();
        // The audit report is streamed: its queries run while the body is written.
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{(int)response.StatusCode} {body}");
        return _requests.Since(mark);
    }

    /// <summary>Our message on <paramref name="queue"/>, run by a second instance on the same table as its host delivers it.</summary>
    private async Task<IReadOnlyList<StorageRequest>> RunQueueFunctionAsync(string function, string queue)
    {
        var recorded = new RecordedStorageRequests();
        await using var runner = await _app.StartQueueRunnerAsync(overrideServices: recorded.Register);
        var mark = recorded.Mark;
        await runner.Queue(queue).SendMessageAsync(_ourMessage);

        var invocations = await Eventually.ReturnsAsync(
            () => Task.FromResult(runner.HostLog.Invocations(function)), done => done.Count > 0, $"{function} to run");
        Assert.True(Assert.Single(invocations).Succeeded, runner.HostLog.Recent());
        return recorded.Since(mark);
    }

    /// <summary>Every request inside A's boundary, and every message A's call queued about A's own data.</summary>
    private async Task AssertInsideAsync(IReadOnlyList<StorageRequest> requests)
    {
        var ourOperations = await OperationsOfAsync(_a);
        new PartnerStorageBoundary(_app.TableName, _a.Id, new HashSet<string> { _a.KeyId }, new HashSet<string> { _aTenant.ToString("D") }, ourOperations)
            .AssertContains(requests);

        foreach (var text in await TakeQueuedMessagesAsync())
        {
            var message = JsonDocument.Parse(text).RootElement.GetProperty("upgradeRequest");
            Assert.True(message.GetProperty("partnerId").GetString() == _a.Id, $"A's call queued a message about another partner: {text}");
            Assert.Equal("contoso", message.GetProperty("customerId").GetString());
            Assert.Contains(message.GetProperty("operationId").GetString()!, ourOperations);
        }
    }

    /// <summary>The operations indexed under the partner (its <c>{partner}|~partner</c> rows).</summary>
    private async Task<IReadOnlySet<string>> OperationsOfAsync(TestPartner partner)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableLayout.PartnerPartition(partner.PartnerId)}");
        var rows = await _app.Table.QueryAsync<TableEntity>(filter).ToListAsync();
        return rows.Select(row => row.RowKey!)
            .Where(key => key.StartsWith(TableLayout.OperationPrefix, StringComparison.Ordinal))
            .Select(key => key[TableLayout.OperationPrefix.Length..])
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Removes every message from the upgrade queue and returns their texts.</summary>
    private async Task<IReadOnlyList<string>> TakeQueuedMessagesAsync()
    {
        var texts = new List<string>();
        IReadOnlyList<QueueMessage> batch;
        while ((batch = await _queue.ReceiveAsync(32, TimeSpan.FromMinutes(1))).Count > 0)
        {
            foreach (var message in batch)
            {
                texts.Add(message.MessageText);
                await _queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }
        }

        return texts;
    }

    private static async Task<string> RequestUpgradeAsync(TestPartner partner, string customer, string subscription, string idempotencyKey)
    {
        using var response = await partner.PostAsync(Routes.Upgrades(customer, subscription), Upgrade, (IdempotencyHeader, idempotencyKey));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>The second page of A's history (seats added, then its queued upgrade): a page that starts from a token.</summary>
    private async Task<HttpResponseMessage> GetNextHistoryPageAsync()
    {
        using (var added = await _caller.PostAsync(Routes.Licenses("contoso", Eligible), OneLicense))
        {
            Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        }

        var first = await _caller.GetJsonAsync(Routes.History("contoso", Eligible) + "?top=1");
        var token = first.GetProperty("continuationToken").GetString();
        Assert.NotNull(token);
        return await _caller.GetAsync(Routes.History("contoso", Eligible) + "?top=1&continuationToken=" + token);
    }

    /// <summary>The customer list's second page (A has two customers), read with the token of the first.</summary>
    private static async Task<HttpResponseMessage> NextPageOfCustomersAsync(TestPartner partner)
    {
        var first = await partner.GetJsonAsync("/api/customers?top=1");
        var token = first.GetProperty("continuationToken").GetString()!;
        return await partner.GetAsync("/api/customers?top=1&continuationToken=" + Uri.EscapeDataString(token));
    }

    private Task<HttpResponseMessage> ReplayOurUpgradeAsync() =>
        _caller.PostAsync(Routes.Upgrades("contoso", Eligible), Upgrade, (IdempotencyHeader, "our-upgrade-key"));

    private async Task<HttpResponseMessage> GetCsvAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        return await _caller.Client.SendAsync(request);
    }

    /// <summary>Makes the row's calls with A's API key, or with an Entra ID access token of A's tenant (no key sent).</summary>
    private void CallWith(string credential)
    {
        if (credential == ApiKey)
        {
            _caller = _a;
            return;
        }

        var token = _identity.Issue(new TokenRequest(_aTenant, EntraAppFixture.ClientId) { Roles = [EntraPermissions.Write] });
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        _caller = _a.CallingWith(client);
    }
}
