using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.Tests.Http.Builders;
using CspUpgrades.Functions.Tests.Http.Support;
using CspUpgrades.Functions.Upgrades;
using CspUpgrades.Storage.Customers;
using CspUpgrades.Storage.Model;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Functions.Tests.Http;

/// <summary>POST /api/customers/{customerId}/subscriptions/{subscriptionId}/upgrades.</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class RequestUpgradeTests(HttpAppFixture fixture) : IClassFixture<HttpAppFixture>
{
    private const string Customer = "contoso";
    private const string Subscription = "contoso-essentials";
    private static readonly string Path = Routes.Upgrades(Customer, Subscription);
    private static readonly object ToE3 = new { targetOffer = "o365-enterprise-e3", upgradeType = "upgrade_with_license_transfer" };

    private readonly UpgradeQueueProbe _queue = new(fixture.Azurite);

    [Fact]
    public async Task AcceptsAnEligibleUpgradeWith202ALocationAndAQueuedOperation()
    {
        var partner = await SeedEligibleAsync();

        using var response = await partner.PostAsync(Path, ToE3);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var operation = await ReadJsonAsync(response);
        var id = operation.GetProperty("id").GetString()!;
        Assert.Equal(Routes.Operation(id), response.Headers.Location?.OriginalString);
        Assert.Equal("queued", operation.GetProperty("status").GetString());
        Assert.Equal(Customer, operation.GetProperty("customerId").GetString());
        Assert.Equal(Subscription, operation.GetProperty("sourceSubscriptionId").GetString());
        Assert.Equal("o365-enterprise-e3", operation.GetProperty("targetOffer").GetString());
        Assert.Equal("upgrade_with_license_transfer", operation.GetProperty("upgradeType").GetString());
        Assert.Equal(JsonValueKind.Null, operation.GetProperty("quantity").ValueKind);
        Assert.Equal("20.00", operation.GetProperty("targetUnitPrice").GetProperty("amount").GetString());
        Assert.Equal("USD", operation.GetProperty("targetUnitPrice").GetProperty("currency").GetString());

        var message = Assert.Single(await _queue.TakeMessagesOfAsync(id));
        Assert.Equal(partner.Id, message.GetProperty("partnerId").GetString());
        Assert.Equal(Customer, message.GetProperty("customerId").GetString());
        Assert.Equal(Subscription, message.GetProperty("sourceSubscriptionId").GetString());
    }

    [Fact]
    public async Task RefusesAnIneligibleUpgradeWith409ListingEveryReason()
    {
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync(Customer, CustomerSpec.WithoutDelegatedAdmin,
            new SubscriptionSpec(Subscription, "o365-business-essentials").Suspended(),
            new SubscriptionSpec("contoso-e3-direct", "o365-enterprise-e3").BoughtDirectly());
        var queued = await _queue.ApproximateCountAsync();

        using var response = await partner.PostAsync(Path, ToE3);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.Conflict, "upgrade_not_eligible");
        Assert.Equal(
            new[] { UpgradeErrorCodes.DelegatedAdminPermissionsDisabled, UpgradeErrorCodes.SubscriptionStatusNotActive, UpgradeErrorCodes.TargetOfferAlreadyOwned }.Order(),
            ProblemAssert.UpgradeErrorCodes(problem).Order());
        Assert.Empty(await OperationRowsAsync(partner));
        Assert.Equal(queued, await _queue.ApproximateCountAsync());
    }

    [Theory]
    [InlineData("o365-nope", null, UpgradeErrorCodes.SubscriptionTargetOfferNotFound)]
    [InlineData("o365-proplus", null, UpgradeErrorCodes.UpgradePathNotSupported)]
    [InlineData("o365-business-premium-india", null, UpgradeErrorCodes.RegionMismatch)]
    [InlineData("o365-enterprise-e3", 0, UpgradeErrorCodes.InvalidQuantity)]
    [InlineData("o365-enterprise-e3", -3, UpgradeErrorCodes.InvalidQuantity)]
    [InlineData("o365-enterprise-e3", 26, UpgradeErrorCodes.InvalidQuantity)]
    public async Task RefusesWhatCanNeverBeRequestedWith422(string target, int? quantity, string expectedCode)
    {
        var partner = await SeedEligibleAsync();

        using var response = await partner.PostAsync(Path, new { targetOffer = target, upgradeType = "upgrade_only", quantity });

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.UnprocessableEntity, "upgrade_not_possible");
        Assert.Equal([expectedCode], ProblemAssert.UpgradeErrorCodes(problem));
        Assert.Empty(await OperationRowsAsync(partner));
    }

    [Theory]
    [InlineData("Office 365 Enterprise E3", "o365-enterprise-e3")]
    [InlineData("office 365 e3", "o365-enterprise-e3")]
    [InlineData("Microsoft 365 Business Standard", "o365-business-premium")]
    [InlineData("o365-enterprise-e1", "o365-enterprise-e1")]
    public async Task ResolvesTheTargetByIdDisplayNameOrAlias(string given, string expectedOffer)
    {
        var partner = await SeedEligibleAsync();

        using var response = await partner.PostAsync(Path, new { targetOffer = given, upgradeType = "upgrade_only" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var operation = await ReadJsonAsync(response);
        Assert.Equal(expectedOffer, operation.GetProperty("targetOffer").GetString());
        Assert.Single(await _queue.TakeMessagesOfAsync(operation.GetProperty("id").GetString()!));
    }

    [Fact]
    public async Task ARepeatedIdempotencyKeyWithTheSameBodyAnswersWithTheFirstOperation()
    {
        var partner = await SeedEligibleAsync();
        var key = ("Idempotency-Key", "order-4711");

        using var first = await partner.PostAsync(Path, ToE3, key);
        using var second = await partner.PostAsync(Path, ToE3, key);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        var id = (await ReadJsonAsync(first)).GetProperty("id").GetString()!;
        Assert.Equal(id, (await ReadJsonAsync(second)).GetProperty("id").GetString());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(IdempotencyKey.OperationIdFor(partner.PartnerId, "order-4711").Value, id);
        Assert.Equal([TableLayout.OperationRow(new OperationId(id))], await OperationRowsAsync(partner));

        // The operation is still queued, so the repeat queues it again (a no-op for the worker that comes second).
        Assert.Equal(2, (await _queue.TakeMessagesOfAsync(id)).Count);
    }

    [Fact]
    public async Task ARepeatedIdempotencyKeyQueuesAnOperationWhoseFirstMessageWasLost()
    {
        var partner = await SeedEligibleAsync();
        var key = ("Idempotency-Key", "order-4713");
        using var first = await partner.PostAsync(Path, ToE3, key);
        var id = (await ReadJsonAsync(first)).GetProperty("id").GetString()!;
        Assert.Single(await _queue.TakeMessagesOfAsync(id)); // As if the send had failed after the operation was recorded.

        using var retry = await partner.PostAsync(Path, ToE3, key);

        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.Equal(id, (await ReadJsonAsync(retry)).GetProperty("id").GetString());
        Assert.Equal(id, Assert.Single(await _queue.TakeMessagesOfAsync(id)).GetProperty("operationId").GetString());
    }

    [Fact]
    public async Task ARepeatedIdempotencyKeyWithADifferentBodyIsRefused()
    {
        var partner = await SeedEligibleAsync();
        var key = ("Idempotency-Key", "order-4712");
        using var first = await partner.PostAsync(Path, ToE3, key);
        var id = (await ReadJsonAsync(first)).GetProperty("id").GetString()!;

        using var second = await partner.PostAsync(Path, new { targetOffer = "o365-enterprise-e5", upgradeType = "upgrade_only" }, key);

        await ProblemAssert.IsAsync(second, HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        Assert.Single(await OperationRowsAsync(partner));
        Assert.Single(await _queue.TakeMessagesOfAsync(id));
    }

    [Fact]
    public async Task IdempotencyKeysAreScopedToThePartner()
    {
        var first = await SeedEligibleAsync();
        var second = await SeedEligibleAsync();
        var key = ("Idempotency-Key", "the-same-key");

        using var a = await first.PostAsync(Path, ToE3, key);
        using var b = await second.PostAsync(Path, ToE3, key);

        Assert.Equal(HttpStatusCode.Accepted, a.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, b.StatusCode);
        var idA = (await ReadJsonAsync(a)).GetProperty("id").GetString()!;
        var idB = (await ReadJsonAsync(b)).GetProperty("id").GetString()!;
        Assert.NotEqual(idA, idB);
        Assert.Single(await OperationRowsAsync(first));
        Assert.Single(await OperationRowsAsync(second));
        Assert.Equal(first.Id, Assert.Single(await _queue.TakeMessagesOfAsync(idA)).GetProperty("partnerId").GetString());
        Assert.Equal(second.Id, Assert.Single(await _queue.TakeMessagesOfAsync(idB)).GetProperty("partnerId").GetString());
    }

    [Theory]
    [InlineData("""{"targetOffer":"o365-enterprise-e3","upgradeType":"upgrade_only","extra":1}""", "extra")]
    [InlineData("""{"targetOffer":"o365-enterprise-e3","targetOffer":"o365-enterprise-e5","upgradeType":"upgrade_only"}""", "targetOffer")]
    [InlineData("""{"targetOffer":"o365-enterprise-e3","upgradeType":"upgrade_only","quantity":"3"}""", "quantity")]
    [InlineData("""{"targetOffer":"o365-enterprise-e3","upgradeType":"upgrade_only","quantity":2.5}""", "quantity")]
    [InlineData("""{"targetOffer":5,"upgradeType":"upgrade_only"}""", "targetOffer")]
    [InlineData("""{"targetOffer":"o365-enterprise-e3","upgradeType":["upgrade_only"]}""", "upgradeType")]
    public async Task RefusesABodyThatDoesNotFitTheSchemaNamingTheField(string body, string field)
    {
        var partner = await SeedEligibleAsync();

        using var response = await partner.PostAsync(Path, body);

        await ProblemAssert.IsMalformedAtAsync(response, field);
        Assert.Empty(await OperationRowsAsync(partner));
    }

    [Theory]
    [InlineData("""{"targetOffer":"o365-enterprise-e3"}""", "upgradeType")]
    [InlineData("""{"targetOffer":"o365-enterprise-e3","upgradeType":"upgrade_everything"}""", "upgradeType")]
    [InlineData("""{"upgradeType":"upgrade_only"}""", "targetOffer")]
    [InlineData("""{"targetOffer":" ","upgradeType":"upgrade_only"}""", "targetOffer")]
    [InlineData("""{"targetOffer":"no such offer/../x","upgradeType":"upgrade_only"}""", "targetOffer")]
    public async Task RefusesAMissingOrInvalidFieldNamingIt(string body, string field)
    {
        var partner = await SeedEligibleAsync();

        using var response = await partner.PostAsync(Path, body);

        await ProblemAssert.IsInvalidFieldAsync(response, field);
    }

    [Theory]
    [InlineData("""{"targetOffer":""")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("")]
    public async Task RefusesABodyThatIsNotAJsonObject(string body)
    {
        var partner = await SeedEligibleAsync();

        using var response = await partner.PostAsync(Path, body);

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "malformed_body");
    }

    [Fact]
    public async Task RefusesABodyThatIsNotJsonWith415()
    {
        var partner = await SeedEligibleAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Path, UriKind.Relative))
        {
            Content = new StringContent("targetOffer=o365-enterprise-e3&upgradeType=upgrade_only", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"),
        };

        using var response = await partner.Client.SendAsync(request);

        await ProblemAssert.IsAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        Assert.Empty(await OperationRowsAsync(partner));
    }

    [Fact]
    public async Task RefusesABodyOver16KiBWith413()
    {
        var partner = await SeedEligibleAsync();
        var padding = new string(' ', 16 * 1024);

        using var response = await partner.PostAsync(Path, $$"""{"targetOffer":"o365-enterprise-e3",{{padding}}"upgradeType":"upgrade_only"}""");

        await ProblemAssert.IsAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        Assert.Empty(await OperationRowsAsync(partner));
    }

    [Fact]
    public async Task RefusesAnOversizedBodySentWithoutContentLengthWith413()
    {
        var partner = await SeedEligibleAsync();
        var bytes = System.Text.Encoding.UTF8.GetBytes($$"""{"targetOffer":"o365-enterprise-e3",{{new string(' ', 20_000)}}"upgradeType":"upgrade_only"}""");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Path, UriKind.Relative))
        {
            Content = new StreamContent(new UnseekableStream(bytes)) { Headers = { { "Content-Type", "application/json" } } },
        };

        // A stream of unknown length goes out chunked: the cap must hold without a Content-Length to check.
        using var client = fixture.App.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", partner.Client.DefaultRequestHeaders.GetValues("X-Api-Key"));
        Assert.Null(request.Content.Headers.ContentLength);

        using var response = await client.SendAsync(request);

        await ProblemAssert.IsAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Fact]
    public async Task RefusesASecondUpgradeWhileAnotherOperationHoldsTheSubscription()
    {
        var partner = await SeedEligibleAsync();
        await fixture.App.Table.AddEntityAsync(new TableEntity(Partition(partner), TableLayout.ClaimRow(new SubscriptionId(Subscription)))
        {
            ["OperationId"] = "an-operation-in-progress",
            ["ClaimedAt"] = DateTimeOffset.UtcNow,
        });

        using var response = await partner.PostAsync(Path, ToE3);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.Conflict, "upgrade_not_eligible");
        Assert.Equal([UpgradeErrorCodes.ConcurrencyConflicts], ProblemAssert.UpgradeErrorCodes(problem));
        Assert.Contains("an-operation-in-progress", problem.GetProperty("upgradeErrors")[0].GetProperty("additionalDetails").GetString(), StringComparison.Ordinal);
        Assert.Empty(await OperationRowsAsync(partner));
    }

    [Fact]
    public async Task AcceptsAnUpgradeOfASubscriptionWhoseClaimWasAbandoned()
    {
        // An operation that died holding the claim must not block the subscription for good: the worker takes it over.
        var partner = await SeedEligibleAsync();
        await fixture.App.Table.AddEntityAsync(new TableEntity(Partition(partner), TableLayout.ClaimRow(new SubscriptionId(Subscription)))
        {
            ["OperationId"] = "an-operation-that-died",
            ["ClaimedAt"] = DateTimeOffset.UtcNow - SubscriptionClaims.AbandonedAfter - TimeSpan.FromMinutes(1),
        });

        using var response = await partner.PostAsync(Path, ToE3);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Single(await _queue.TakeMessagesOfAsync((await ReadJsonAsync(response)).GetProperty("id").GetString()!));
    }

    [Theory]
    [InlineData("schlüssel")]
    [InlineData("tab\tinside")]
    public async Task RefusesAnIdempotencyKeyThatIsNotPrintableAscii(string key)
    {
        var partner = await SeedEligibleAsync();

        using var response = await partner.PostAsync(Path, ToE3, ("Idempotency-Key", key));

        await ProblemAssert.IsInvalidFieldAsync(response, "Idempotency-Key");
        Assert.Empty(await OperationRowsAsync(partner));
    }

    // Sent twice, the header reaches the function folded into one value, "first, second": refused, never a key of its own.
    [Fact]
    public async Task RefusesAnIdempotencyKeySentTwice()
    {
        var partner = await SeedEligibleAsync();

        using var response = await partner.PostAsync(Path, ToE3, ("Idempotency-Key", "first"), ("Idempotency-Key", "second"));

        await ProblemAssert.IsInvalidFieldAsync(response, "Idempotency-Key");
        Assert.Empty(await OperationRowsAsync(partner));
    }

    [Fact]
    public async Task RefusesAnIdempotencyKeyOver255Characters()
    {
        var partner = await SeedEligibleAsync();

        using var response = await partner.PostAsync(Path, ToE3, ("Idempotency-Key", new string('k', 256)));

        await ProblemAssert.IsInvalidFieldAsync(response, "Idempotency-Key");
    }

    // An empty header ("Idempotency-Key:") never reaches the app through the in-memory test server; HeaderReadingTests covers it.
    [Theory]
    [InlineData(" ")]
    [InlineData("   ")]

    // Not " key " with spaces around: HTTP strips them (RFC 9110 OWS) before any app code sees the value, so over a real
    // connection that is the key itself (only the in-memory test server ever delivered the spaces).
    public async Task RefusesAnEmptyOrBlankIdempotencyKeyRatherThanTreatingItAsNone(string key)
    {
        var partner = await SeedEligibleAsync();

        using var response = await partner.PostAsync(Path, ToE3, ("Idempotency-Key", key));

        await ProblemAssert.IsInvalidFieldAsync(response, "Idempotency-Key");
        Assert.Empty(await OperationRowsAsync(partner));
    }

    [Fact]
    public async Task ATargetWithoutAListPriceInTheSubscriptionsCurrencyIsRefusedWithTheCodeEligibilityAlreadyGave()
    {
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync(Customer, new SubscriptionSpec(Subscription, "o365-business-essentials") { Currency = "GBP" });

        var eligibility = await partner.GetJsonAsync(Path);
        using var response = await partner.PostAsync(Path, new { targetOffer = "o365-enterprise-e3", upgradeType = "upgrade_only", quantity = 1 });

        var items = eligibility.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(8, items.Count);
        Assert.All(items, item =>
        {
            Assert.False(item.GetProperty("isEligible").GetBoolean());
            Assert.Equal("target_offer_not_priced", Assert.Single(item.GetProperty("upgradeErrors").EnumerateArray()).GetProperty("code").GetString());
        });
        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.Conflict, "upgrade_not_eligible");
        Assert.Equal(["target_offer_not_priced"], ProblemAssert.UpgradeErrorCodes(problem));
        Assert.Empty(await OperationRowsAsync(partner));
    }

    [Fact]
    public async Task AnswersNotFoundForAnUnknownSubscription()
    {
        var partner = await SeedEligibleAsync();

        using var response = await partner.PostAsync(Routes.Upgrades(Customer, "no-such-subscription"), ToE3);

        await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, "not_found");
        Assert.Empty(await OperationRowsAsync(partner));
    }

    private async Task<TestPartner> SeedEligibleAsync()
    {
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync(Customer, new SubscriptionSpec(Subscription, "o365-business-essentials") { Quantity = 25 });
        return partner;
    }

    private static string Partition(TestPartner partner) => TableLayout.CustomerPartition(partner.PartnerId, new CustomerId(Customer));

    /// <summary>Row keys of the operation rows in the customer's partition.</summary>
    private async Task<List<string>> OperationRowsAsync(TestPartner partner)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition(partner)} and RowKey ge {"op|"} and RowKey lt {"op}"}");
        var rows = new List<string>();
        await foreach (var row in fixture.App.Table.QueryAsync<TableEntity>(filter))
        {
            rows.Add(row.RowKey!);
        }

        return rows;
    }

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    /// <summary>A body whose length the client cannot know, so it is sent without Content-Length.</summary>
    private sealed class UnseekableStream(byte[] content) : MemoryStream(content)
    {
        public override bool CanSeek => false;
    }
}
