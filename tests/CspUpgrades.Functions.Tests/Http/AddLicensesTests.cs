using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using CspUpgrades.Domain.Billing;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.AddLicenses;
using CspUpgrades.Functions.Tests.Http.Builders;
using CspUpgrades.Functions.Tests.Http.Support;
using CspUpgrades.Storage.Model;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Functions.Tests.Http;

/// <summary>POST /api/customers/{customerId}/subscriptions/{subscriptionId}/licenses.</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class AddLicensesTests(HttpAppFixture fixture) : IClassFixture<HttpAppFixture>
{
    private const string Customer = "tailspin";
    private const string Subscription = "tailspin-business";
    private static readonly string Path = Routes.Licenses(Customer, Subscription);
    private static readonly SubscriptionSpec Business = new(Subscription, "o365-business") { Quantity = 10, UnitPrice = "5.00" };

    [Fact]
    public async Task AddsSeatsAndAnswersTheNewVersionAndTheProratedCharge()
    {
        var partner = await SeedAsync(Business);
        var before = DateOnly.FromDateTime(DateTime.UtcNow);

        using var response = await partner.PostAsync(Path, new { quantity = 3 }, ("Idempotency-Key", "seats-1"));

        var after = DateOnly.FromDateTime(DateTime.UtcNow);
        var body = await OkJsonAsync(response);
        Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
        var subscription = body.GetProperty("subscription");
        Assert.Equal(2, subscription.GetProperty("version").GetInt64());
        Assert.Equal(13, subscription.GetProperty("quantity").GetInt32());

        var charge = body.GetProperty("charge");
        var changeDate = DateOnly.Parse(charge.GetProperty("changeDate").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(changeDate == before || changeDate == after, $"charged as of {changeDate}, today is {after}");
        var operation = AddLicensesFunction.OperationIdFor(partner.PartnerId, new CustomerId(Customer), "seats-1");
        var expected = Proration.Charge(operation, new SubscriptionId(Subscription), new OfferId("o365-business"), Usd(500), 3,
            BillingPeriod.Containing(Business.TermStart, BillingCycle.Monthly, changeDate), changeDate);
        Assert.Equal(expected.LineId, charge.GetProperty("lineId").GetString());
        Assert.Equal("charge", charge.GetProperty("kind").GetString());
        Assert.Equal(3, charge.GetProperty("quantity").GetInt32());
        Assert.Equal(expected.DaysRemaining, charge.GetProperty("daysRemaining").GetInt32());
        Assert.Equal(expected.DaysInPeriod, charge.GetProperty("daysInPeriod").GetInt32());
        Assert.Equal(expected.Period.Start.ToString("O", null), charge.GetProperty("periodStart").GetString());
        Assert.Equal(expected.Amount.MinorUnits, charge.GetProperty("amount").GetProperty("minorUnits").GetInt64());
        Assert.Equal("USD", charge.GetProperty("amount").GetProperty("currency").GetString());
        Assert.True(expected.Amount.MinorUnits > 0);

        Assert.Equal(13, await QuantityInEligibilityAsync(partner));
        Assert.Single(await BillingRowsAsync(partner));
    }

    [Fact]
    public async Task AppliesIfMatchWithTheVersionFromTheETag()
    {
        var partner = await SeedAsync(Business);

        using var first = await partner.PostAsync(Path, new { quantity = 1 }, ("If-Match", "\"1\""));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var second = await partner.PostAsync(Path, new { quantity = 1 }, ("If-Match", first.Headers.ETag!.Tag));

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("\"3\"", second.Headers.ETag?.Tag);
        Assert.Equal(12, await QuantityInEligibilityAsync(partner));
    }

    [Fact]
    public async Task IfMatchStarAcceptsAnyVersion()
    {
        var partner = await SeedAsync(Business);

        using var response = await partner.PostAsync(Path, new { quantity = 1 }, ("If-Match", "*"));

        Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
        Assert.Equal(11, await QuantityInEligibilityAsync(partner));
    }

    [Fact]
    public async Task RefusesAStaleIfMatchWith412AndChangesNothing()
    {
        var partner = await SeedAsync(Business);
        using var first = await partner.PostAsync(Path, new { quantity = 1 });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var snapshot = await TableSnapshot.TakeAsync(fixture.App.Table);

        using var stale = await partner.PostAsync(Path, new { quantity = 5 }, ("If-Match", "\"1\""));

        var problem = await ProblemAssert.IsAsync(stale, HttpStatusCode.PreconditionFailed, "precondition_failed");
        Assert.Contains("version 2", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(snapshot, await TableSnapshot.TakeAsync(fixture.App.Table));
        Assert.Equal(11, await QuantityInEligibilityAsync(partner));
    }

    [Theory]
    [InlineData("W/\"1\"")]
    [InlineData("\"one\"")]
    [InlineData("\"-1\"")]
    // Found by the fuzzer: these were read as version 1 (and added the seats) before entity tags had to be quoted.
    [InlineData("1")]
    [InlineData("\"1")]
    [InlineData("1\"")]
    [InlineData("\"\"1\"\"")]
    public async Task RefusesAnIfMatchThatIsNotAVersion(string ifMatch)
    {
        var partner = await SeedAsync(Business);

        using var response = await partner.PostAsync(Path, new { quantity = 1 }, ("If-Match", ifMatch));

        await ProblemAssert.IsInvalidFieldAsync(response, "If-Match");
        Assert.Equal(10, await QuantityInEligibilityAsync(partner));
    }

    [Theory]
    [InlineData(4, 299)]
    [InlineData(5, 300)]
    public async Task AddsSeatsUpToExactly300AcrossTheBusinessFamily(int adding, int total)
    {
        var partner = await SeedNearTheCapAsync();

        using var response = await partner.PostAsync(Path, new { quantity = adding });

        var subscription = (await OkJsonAsync(response)).GetProperty("subscription");
        Assert.Equal(5 + adding, subscription.GetProperty("quantity").GetInt32());
        Assert.Equal(total, 290 + subscription.GetProperty("quantity").GetInt32());
    }

    [Fact]
    public async Task RefusesTheSeatThatWouldMake301AndPointsToEnterprise()
    {
        var partner = await SeedNearTheCapAsync();
        var snapshot = await TableSnapshot.TakeAsync(fixture.App.Table);

        using var response = await partner.PostAsync(Path, new { quantity = 6 });

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.Conflict, UpgradeErrorCodes.SeatLimitExceeded);
        Assert.Contains("Enterprise", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("at most 5 more fit", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal([UpgradeErrorCodes.SeatLimitExceeded], ProblemAssert.UpgradeErrorCodes(problem));
        Assert.Equal(snapshot, await TableSnapshot.TakeAsync(fixture.App.Table));
    }

    [Fact]
    public async Task EnterprisePlansAreNotCappedBesideAFullBusinessFamily()
    {
        var partner = await SeedNearTheCapAsync(new SubscriptionSpec("tailspin-e3", "o365-enterprise-e3") { Quantity = 50, UnitPrice = "20.00" });

        using var response = await partner.PostAsync(Routes.Licenses(Customer, "tailspin-e3"), new { quantity = 400 });

        Assert.Equal(450, (await OkJsonAsync(response)).GetProperty("subscription").GetProperty("quantity").GetInt32());
    }

    [Fact]
    public async Task AReplayedIdempotencyKeyReturnsTheSameChargeAndAddsNothing()
    {
        var partner = await SeedAsync(Business);
        var key = ("Idempotency-Key", "seats-2");

        using var first = await partner.PostAsync(Path, new { quantity = 2 }, key);
        using var replay = await partner.PostAsync(Path, new { quantity = 2 }, key);

        var charge = (await OkJsonAsync(first)).GetProperty("charge");
        var replayed = await OkJsonAsync(replay);
        Assert.Equal(charge.ToString(), replayed.GetProperty("charge").ToString());
        Assert.Equal(12, replayed.GetProperty("subscription").GetProperty("quantity").GetInt32());
        Assert.Equal(first.Headers.ETag, replay.Headers.ETag);
        Assert.Equal(12, await QuantityInEligibilityAsync(partner));
        Assert.Single(await BillingRowsAsync(partner));
    }

    [Fact]
    public async Task AReplayAfterTheVersionMovedOnStillAnswersTheFirstResult()
    {
        var partner = await SeedAsync(Business);
        var key = ("Idempotency-Key", "seats-3");
        using var first = await partner.PostAsync(Path, new { quantity = 2 }, key, ("If-Match", "\"1\""));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        // A client that lost the first answer retries the identical request, If-Match included.
        using var retry = await partner.PostAsync(Path, new { quantity = 2 }, key, ("If-Match", "\"1\""));

        Assert.Equal((await OkJsonAsync(first)).GetProperty("charge").ToString(), (await OkJsonAsync(retry)).GetProperty("charge").ToString());
        Assert.Equal(12, await QuantityInEligibilityAsync(partner));
    }

    [Fact]
    public async Task RefusesAnIdempotencyKeyReusedForOtherSeats()
    {
        var partner = await SeedAsync(Business, new SubscriptionSpec("tailspin-essentials", "o365-business-essentials") { Quantity = 4 });
        var key = ("Idempotency-Key", "seats-4");
        using var first = await partner.PostAsync(Path, new { quantity = 2 }, key);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var snapshot = await TableSnapshot.TakeAsync(fixture.App.Table);

        using var otherQuantity = await partner.PostAsync(Path, new { quantity = 3 }, key);
        using var otherSubscription = await partner.PostAsync(Routes.Licenses(Customer, "tailspin-essentials"), new { quantity = 2 }, key);

        await ProblemAssert.IsAsync(otherQuantity, HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        await ProblemAssert.IsAsync(otherSubscription, HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        Assert.Equal(snapshot, await TableSnapshot.TakeAsync(fixture.App.Table));
    }

    [Theory]
    [InlineData("""{"quantity":0}""")]
    [InlineData("""{"quantity":-1}""")]
    [InlineData("""{"quantity":10001}""")]
    [InlineData("""{}""")]
    [InlineData("""{"quantity":null}""")]
    public async Task RefusesAQuantityOutside1To10000(string body)
    {
        var partner = await SeedAsync(Business);

        using var response = await partner.PostAsync(Path, body);

        await ProblemAssert.IsInvalidFieldAsync(response, "quantity");
        Assert.Equal(10, await QuantityInEligibilityAsync(partner));
    }

    [Theory]
    [InlineData("""{"quantity":2147483648}""")]
    [InlineData("""{"quantity":1e12}""")]
    [InlineData("""{"quantity":1.5}""")]
    [InlineData("""{"quantity":"3"}""")]
    [InlineData("""{"quantity":true}""")]
    public async Task RefusesAQuantityThatIsNotAWholeNumber(string body)
    {
        var partner = await SeedAsync(Business);

        using var response = await partner.PostAsync(Path, body);

        await ProblemAssert.IsMalformedAtAsync(response, "quantity");
        Assert.Equal(10, await QuantityInEligibilityAsync(partner));
    }

    [Fact]
    public async Task RefusesToAddSeatsToASuspendedSubscription()
    {
        var partner = await SeedAsync(Business.Suspended());

        using var response = await partner.PostAsync(Path, new { quantity = 1 });

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.Conflict, UpgradeErrorCodes.SubscriptionStatusNotActive);
        Assert.Equal([UpgradeErrorCodes.SubscriptionStatusNotActive], ProblemAssert.UpgradeErrorCodes(problem));
        Assert.Empty(await BillingRowsAsync(partner));
    }

    [Fact]
    public async Task RefusesToAddSeatsToASubscriptionHeldThroughAnotherPartner()
    {
        var partner = await SeedAsync(Business.ThroughOtherPartner("Fourth Coffee IT"));

        using var response = await partner.PostAsync(Path, new { quantity = 1 });

        await ProblemAssert.IsAsync(response, HttpStatusCode.Conflict, UpgradeErrorCodes.SubscriptionNotManagedByPartner);
        Assert.Empty(await BillingRowsAsync(partner));
    }

    [Fact]
    public async Task RefusesWhileAnUpgradeHoldsTheSubscription()
    {
        var partner = await SeedAsync(Business);
        await fixture.App.Table.AddEntityAsync(new TableEntity(Partition(partner), TableLayout.ClaimRow(new SubscriptionId(Subscription)))
        {
            ["OperationId"] = "an-upgrade-in-progress",
            ["ClaimedAt"] = DateTimeOffset.UtcNow,
        });

        using var response = await partner.PostAsync(Path, new { quantity = 1 });

        await ProblemAssert.IsAsync(response, HttpStatusCode.Conflict, UpgradeErrorCodes.ConcurrencyConflicts);
        Assert.Equal(10, await QuantityInEligibilityAsync(partner));
        Assert.Empty(await BillingRowsAsync(partner));
    }

    [Fact]
    public async Task AnswersNotFoundForAnUnknownSubscription()
    {
        var partner = await SeedAsync(Business);

        using var response = await partner.PostAsync(Routes.Licenses(Customer, "no-such-subscription"), new { quantity = 1 });

        await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    // Sent twice, the header reaches the function folded into one value, "first, second": refused, never a key of its own.
    [Fact]
    public async Task RefusesAnIdempotencyKeySentTwice()
    {
        var partner = await SeedAsync(Business);
        var snapshot = await TableSnapshot.TakeAsync(fixture.App.Table);

        using var response = await partner.PostAsync(Path, new { quantity = 1 }, ("Idempotency-Key", "first"), ("Idempotency-Key", "second"));

        await ProblemAssert.IsInvalidFieldAsync(response, "Idempotency-Key");
        Assert.Equal(snapshot, await TableSnapshot.TakeAsync(fixture.App.Table));
    }

    // An empty header ("Idempotency-Key:") never reaches the app through the in-memory test server; HeaderReadingTests covers it.
    [Theory]
    [InlineData(" ")]
    [InlineData("   ")]

    // Not " key " with spaces around: HTTP strips them (RFC 9110 OWS) before any app code sees the value, so over a real
    // connection that is the key itself (only the in-memory test server ever delivered the spaces).
    public async Task RefusesAnEmptyOrBlankIdempotencyKeyRatherThanTreatingItAsNone(string key)
    {
        var partner = await SeedAsync(Business);
        var snapshot = await TableSnapshot.TakeAsync(fixture.App.Table);

        using var response = await partner.PostAsync(Path, new { quantity = 1 }, ("Idempotency-Key", key));

        await ProblemAssert.IsInvalidFieldAsync(response, "Idempotency-Key");
        Assert.Equal(snapshot, await TableSnapshot.TakeAsync(fixture.App.Table));
    }

    [Fact]
    public async Task OneIdempotencyKeyOnTwoCustomersGivesTwoChargesWithTwoLineIds()
    {
        // Line ids are unique per partner: a billing export keys on them.
        var partner = await SeedAsync(Business);
        await partner.SeedAsync("fabrikam", Business with { Id = "fabrikam-business" });

        using var first = await partner.PostAsync(Path, new { quantity = 1 }, ("Idempotency-Key", "seats-shared"));
        using var second = await partner.PostAsync(Routes.Licenses("fabrikam", "fabrikam-business"), new { quantity = 1 }, ("Idempotency-Key", "seats-shared"));

        var lines = new[] { await OkJsonAsync(first), await OkJsonAsync(second) }.Select(body => body.GetProperty("charge").GetProperty("lineId").GetString()).ToList();
        Assert.Equal(2, lines.Distinct().Count());
    }

    [Fact]
    public async Task ChargesTheWholeFirstPeriodWhenTheTermStartsTomorrow()
    {
        // Bought for next month, or a customer east of UTC: the seats are billed for all of the first period, nothing is used yet.
        var tomorrow = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1);
        var partner = await SeedAsync(Business with { TermStart = tomorrow, TermEnd = tomorrow.AddYears(1) });

        using var response = await partner.PostAsync(Path, new { quantity = 3 });

        var charge = (await OkJsonAsync(response)).GetProperty("charge");
        Assert.Equal(tomorrow.ToString("O", null), charge.GetProperty("periodStart").GetString());
        Assert.Equal(tomorrow.AddMonths(1).ToString("O", null), charge.GetProperty("periodEnd").GetString());
        Assert.Equal(charge.GetProperty("daysInPeriod").GetInt32(), charge.GetProperty("daysRemaining").GetInt32());
        Assert.Equal(1500, charge.GetProperty("amount").GetProperty("minorUnits").GetInt64());
    }

    [Fact]
    public async Task ChargesTheLargestAcceptedPriceAndQuantityWithoutOverflow()
    {
        // 1,000,000.00 USD a license (the most a webhook accepts) on 990,000 seats, 10,000 more: one exact charge, no 500.
        var partner = await SeedAsync(new SubscriptionSpec(Subscription, "o365-enterprise-e3") { Quantity = 990_000, UnitPrice = "1000000.00" });

        using var response = await partner.PostAsync(Path, new { quantity = 10_000 });

        var body = await OkJsonAsync(response);
        Assert.Equal(1_000_000, body.GetProperty("subscription").GetProperty("quantity").GetInt32());
        var charge = body.GetProperty("charge");
        var expected = Proration.Prorate(Usd(100_000_000), 10_000, charge.GetProperty("daysRemaining").GetInt32(), charge.GetProperty("daysInPeriod").GetInt32());
        Assert.Equal(expected.MinorUnits, charge.GetProperty("amount").GetProperty("minorUnits").GetInt64());
    }

    [Fact]
    public async Task RefusesToGrowASubscriptionPastAMillionSeatsWith422NamingTheQuantity()
    {
        var partner = await SeedAsync(new SubscriptionSpec(Subscription, "o365-enterprise-e3") { Quantity = 995_000, UnitPrice = "20.00" });
        var snapshot = await TableSnapshot.TakeAsync(fixture.App.Table);

        using var response = await partner.PostAsync(Path, new { quantity = 5_001 });

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.UnprocessableEntity, "licenses_not_added");
        Assert.Equal([UpgradeErrorCodes.InvalidQuantity], ProblemAssert.UpgradeErrorCodes(problem));
        Assert.True(problem.GetProperty("errors").TryGetProperty("quantity", out _), problem.ToString());
        Assert.Contains("at most 5000 more fit", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(snapshot, await TableSnapshot.TakeAsync(fixture.App.Table));
    }

    private async Task<TestPartner> SeedAsync(params SubscriptionSpec[] subscriptions)
    {
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync(Customer, subscriptions);
        return partner;
    }

    /// <summary>290 Business Premium and 5 Business seats: 295 in the family, 5 to go.</summary>
    private Task<TestPartner> SeedNearTheCapAsync(params SubscriptionSpec[] more) => SeedAsync(
        [new SubscriptionSpec("tailspin-premium", "o365-business-premium") { Quantity = 290 }, Business with { Quantity = 5 }, .. more]);

    private static string Partition(TestPartner partner) => TableLayout.CustomerPartition(partner.PartnerId, new CustomerId(Customer));

    private static Money Usd(long minorUnits) => new(minorUnits, new CurrencyCode("USD"));

    private async Task<List<string>> BillingRowsAsync(TestPartner partner)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition(partner)} and RowKey ge {"bill|"} and RowKey lt {"bill}"}");
        var rows = new List<string>();
        await foreach (var row in fixture.App.Table.QueryAsync<TableEntity>(filter))
        {
            rows.Add(row.RowKey!);
        }

        return rows;
    }

    /// <summary>The subscription's quantity as the eligibility check reads it (the most seats an upgrade could move).</summary>
    private static async Task<int> QuantityInEligibilityAsync(TestPartner partner)
    {
        var answer = await partner.GetJsonAsync(Routes.Upgrades(Customer, Subscription));
        return answer.GetProperty("items").EnumerateArray().Max(item => item.GetProperty("quantity").GetInt32());
    }

    private static async Task<JsonElement> OkJsonAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
