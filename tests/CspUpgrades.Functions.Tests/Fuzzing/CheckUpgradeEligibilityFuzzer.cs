using CspUpgrades.Functions.Tests.Http.Support;

namespace CspUpgrades.Functions.Tests.Fuzzing;

/// <summary>GET /api/customers/{customerId}/subscriptions/{subscriptionId}/upgrades: hostile ids, key, method, query.</summary>
public sealed class CheckUpgradeEligibilityFuzzer(FuzzTarget target) : EndpointFuzzer
{
    private readonly PartnerRequests _requests = new(target);

    public override string Endpoint => "CheckUpgradeEligibility";

    protected override IReadOnlyList<Func<Random, FuzzRequest>> Classes =>
    [
        // Hostile customer id, subscription id, or both: 400 before storage, or 404 for dots and traversal.
        random => Get("hostile customerId", PartnerRequests.HostileSegment(random), FuzzTarget.Subscription).Expecting(400, 404),
        random => Get("hostile subscriptionId", FuzzTarget.Customer, PartnerRequests.HostileSegment(random)).Expecting(400, 404),
        random => Get("hostile ids", PartnerRequests.HostileSegment(random), PartnerRequests.HostileSegment(random)).Expecting(400, 404),
        // Well-formed ids no row has: they reach storage, and are not found.
        random => Get("unknown customerId", PartnerRequests.UnknownId(random), FuzzTarget.Subscription).Expecting(404),
        random => Get("unknown subscriptionId", FuzzTarget.Customer, PartnerRequests.UnknownId(random)).Expecting(404),
        // Injection in the query string too, with a hostile id so the request can never be answered.
        random => WithFilterQuery(random, Get("hostile query", PartnerRequests.HostileSegment(random), FuzzTarget.Subscription)).Expecting(400, 404),
        // asOf: anything but a YYYY-MM-DD day of the current billing period is a 400 naming it; today is always one.
        random => WithQuery(Get("hostile asOf", FuzzTarget.Customer, FuzzTarget.Subscription), "asOf", HostileStrings.Any(random), random).Expecting(400),
        random => WithQuery(Get("asOf outside the period", FuzzTarget.Customer, FuzzTarget.Subscription), "asOf", FarDate(random), random).Expecting(400),
        random => WithQuery(Get("asOf today", FuzzTarget.Customer, FuzzTarget.Subscription), "asOf", DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), random).Expecting(200),
        // The real subscription, but no valid key / another method.
        random => _requests.WithBadKey(random, Get("valid", FuzzTarget.Customer, FuzzTarget.Subscription)).Expecting(401),
        random => PartnerRequests.WithWrongMethod(random, Get("valid", FuzzTarget.Customer, FuzzTarget.Subscription), "GET", "POST"),
    ];

    private static FuzzRequest WithFilterQuery(Random random, FuzzRequest request) =>
        request with { Target = request.Target + "?$filter=" + PathSegment.Encode(random, HostileStrings.Pick(random, HostileStrings.ODataInjection)) };

    private static FuzzRequest WithQuery(FuzzRequest request, string name, string value, Random random) =>
        request with { Target = request.Target + "?" + name + "=" + PathSegment.Encode(random, value) };

    // Years away from today: outside any billing period (monthly or annual) that contains today.
    private static string FarDate(Random random) =>
        DateOnly.FromDateTime(DateTime.UtcNow).AddYears(random.Next(2) == 0 ? -2 - random.Next(50) : 2 + random.Next(50))
            .ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private FuzzRequest Get(string @class, string customer, string subscription) => _requests.Get(@class, Routes.Upgrades(customer, subscription));
}
