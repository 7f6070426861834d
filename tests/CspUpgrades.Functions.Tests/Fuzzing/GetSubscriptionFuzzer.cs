using CspUpgrades.Functions.Tests.Http.Support;

namespace CspUpgrades.Functions.Tests.Fuzzing;

/// <summary>GET /api/customers/{customerId}/subscriptions/{subscriptionId}: hostile and unknown ids, If-None-Match, key, method.</summary>
public sealed class GetSubscriptionFuzzer(FuzzTarget target) : EndpointFuzzer
{
    private readonly PartnerRequests _requests = new(target);

    public override string Endpoint => "GetSubscription";

    protected override IReadOnlyList<Func<Random, FuzzRequest>> Classes =>
    [
        random => Get("hostile customerId", PartnerRequests.HostileSegment(random), FuzzTarget.Subscription).Expecting(400, 404),
        // A dot-only or empty segment normalises to …/subscriptions: the customer's list, which answers 200.
        random => Get("hostile subscriptionId", FuzzTarget.Customer, PartnerRequests.HostileSegment(random)).Expecting(200, 400, 404),
        random => Get("unknown customerId", PartnerRequests.UnknownId(random), FuzzTarget.Subscription).Expecting(404),
        random => Get("unknown subscriptionId", FuzzTarget.Customer, PartnerRequests.UnknownId(random)).Expecting(404),
        // Any If-None-Match is only compared, never parsed: the subscription or 304, nothing else.
        random => WithIfNoneMatch(random, Get("hostile If-None-Match", FuzzTarget.Customer, FuzzTarget.Subscription)).Expecting(200, 304),
        random => _requests.WithBadKey(random, Get("valid", FuzzTarget.Customer, FuzzTarget.Subscription)).Expecting(401),
        random => PartnerRequests.WithWrongMethod(random, Get("valid", FuzzTarget.Customer, FuzzTarget.Subscription), "GET"),
    ];

    private static readonly string[] IfNoneMatchValues = ["\"1\"", "*", "W/\"1\"", "\"\"", "\"99999999999999999999\"", "garbage", "\"1\", \"2\""];

    private static FuzzRequest WithIfNoneMatch(Random random, FuzzRequest request) =>
        request with { Headers = [.. request.Headers, ("If-None-Match", IfNoneMatchValues[random.Next(IfNoneMatchValues.Length)])] };

    private FuzzRequest Get(string @class, string customer, string subscription) => _requests.Get(@class, Routes.Subscription(customer, subscription));
}
