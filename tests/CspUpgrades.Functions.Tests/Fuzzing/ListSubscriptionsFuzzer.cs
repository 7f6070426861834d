using CspUpgrades.Functions.Tests.Http.Support;

namespace CspUpgrades.Functions.Tests.Fuzzing;

/// <summary>GET /api/customers/{customerId}/subscriptions: hostile and unknown ids, hostile filters, key, method.</summary>
public sealed class ListSubscriptionsFuzzer(FuzzTarget target) : EndpointFuzzer
{
    private static readonly string[] Statuses = ["active", "suspended", "cancelled", "pending"];

    private readonly PartnerRequests _requests = new(target);

    public override string Endpoint => "ListSubscriptions";

    protected override IReadOnlyList<Func<Random, FuzzRequest>> Classes =>
    [
        random => Get("hostile customerId", PartnerRequests.HostileSegment(random)).Expecting(400, 404),
        random => Get("unknown customerId", PartnerRequests.UnknownId(random)).Expecting(404),
        // Filters take only their listed values (case as written); anything else is a 400 before storage.
        random => WithQuery(Get("hostile status", FuzzTarget.Customer), "status", HostileStrings.Any(random), random).Expecting(400),
        random => WithQuery(Get("hostile upgradable", FuzzTarget.Customer), "upgradable", HostileStrings.Any(random), random).Expecting(400),
        random => WithQuery(Get("status in another case", FuzzTarget.Customer), "status", Statuses[random.Next(Statuses.Length)].ToUpperInvariant(), random).Expecting(400),
        random => WithQuery(Get("valid status", FuzzTarget.Customer), "status", Statuses[random.Next(Statuses.Length)], random).Expecting(200),
        random => WithQuery(Get("valid upgradable", FuzzTarget.Customer), "upgradable", random.Next(2) == 0 ? "true" : "false", random).Expecting(200),
        random => WithQuery(Get("injection in an unknown parameter", FuzzTarget.Customer), "$filter", HostileStrings.Pick(random, HostileStrings.ODataInjection), random).Expecting(200),
        random => _requests.WithBadKey(random, Get("valid", FuzzTarget.Customer)).Expecting(401),
        random => PartnerRequests.WithWrongMethod(random, Get("valid", FuzzTarget.Customer), "GET"),
    ];

    private static FuzzRequest WithQuery(FuzzRequest request, string name, string value, Random random) =>
        request with { Target = request.Target + "?" + name + "=" + PathSegment.Encode(random, value) };

    private FuzzRequest Get(string @class, string customer) => _requests.Get(@class, Routes.Subscriptions(customer));
}
