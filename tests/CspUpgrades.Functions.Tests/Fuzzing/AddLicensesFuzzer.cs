using System.Text.Json.Nodes;
using CspUpgrades.Functions.Tests.Http.Support;

namespace CspUpgrades.Functions.Tests.Fuzzing;

/// <summary>
/// POST /api/customers/{customerId}/subscriptions/{subscriptionId}/licenses. The valid body would add (and
/// charge) a real seat, so every case breaks the request somewhere it must be refused.
/// </summary>
public sealed class AddLicensesFuzzer : EndpointFuzzer
{
    private static readonly JsonTemplate Body = new(new JsonObject { ["quantity"] = 1 });

    private readonly PartnerRequests _requests;
    private readonly JsonBodyCases _bodies;

    public AddLicensesFuzzer(FuzzTarget target)
    {
        _requests = new PartnerRequests(target);
        _bodies = new JsonBodyCases(Body, (@class, body) => Post(@class, Valid, body), PartnerRequests.LimitBytes);
    }

    public override string Endpoint => "AddLicenses";

    private static string Valid => Routes.Licenses(FuzzTarget.Customer, FuzzTarget.Subscription);

    protected override IReadOnlyList<Func<Random, FuzzRequest>> Classes =>
    [
        .. _bodies.All,
        random => Post("hostile customerId", Routes.Licenses(PartnerRequests.HostileSegment(random), FuzzTarget.Subscription), Body.Valid).Expecting(400, 404),
        random => Post("hostile subscriptionId", Routes.Licenses(FuzzTarget.Customer, PartnerRequests.HostileSegment(random)), Body.Valid).Expecting(400, 404),
        random => Post("unknown subscriptionId", Routes.Licenses(FuzzTarget.Customer, PartnerRequests.UnknownId(random)), Body.Valid).Expecting(404),
        random => Post("quantity not an int", Valid, Body.WithValue("quantity", HostileStrings.Pick(random, [.. JsonText.NotAnInt, "null"]))),
        random => Post("quantity missing", Valid, random.Next(2) == 0 ? Body.Without("quantity") : "{}"u8.ToArray()),
        // Whole numbers outside 1-10,000: invalid_request.
        random => Post("quantity out of range", Valid, Body.WithValue("quantity", HostileStrings.Pick(random, ["0", "-0", "-1", "10001", "2147483647", "-2147483648"]))),
        // In range, but past the 300-seat Business cap (the customer holds 25 + 5 + 3): refused by the domain, nothing charged.
        random => Post("quantity past the seat cap", Valid, Body.WithValue("quantity", (271 + random.Next(10_000 - 271)).ToString(System.Globalization.CultureInfo.InvariantCulture))).Expecting(409),
        random => Post("suspended subscription", Routes.Licenses(FuzzTarget.Customer, FuzzTarget.SuspendedSubscription), Body.Valid).Expecting(409),
        // If-Match that is not an entity tag (400), or names a version that is not current (412).
        random => Post("malformed If-Match", Valid, Body.Valid).WithHeader("If-Match", MalformedIfMatch(random)),
        random => Post("stale If-Match", Valid, Body.Valid).WithHeader("If-Match", HostileStrings.Pick(random, ["\"0\"", "\"2\"", "\"3\"", "\"999\"", "\"9223372036854775807\""])).Expecting(412),
        random => Post("hostile Idempotency-Key", Valid, Body.Valid).WithHeader("Idempotency-Key", RequestUpgradeFuzzer.HostileIdempotencyKey(random)),
        random => PartnerRequests.Oversized(random, Post("valid", Valid, Body.Valid), PartnerRequests.LimitBytes),
        random => PartnerRequests.LyingLength(random, Post("valid", Valid, Body.Valid)),
        random => PartnerRequests.WithWrongMediaType(random, Post("valid", Valid, Body.Valid)),
        random => _requests.WithBadKey(random, Post("valid", Valid, Body.Valid)).Expecting(401),
        random => PartnerRequests.WithWrongMethod(random, Post("valid", Valid, Body.Valid), "POST"),
    ];

    private static string MalformedIfMatch(Random random) => HostileStrings.Pick(random,
    [
        "1", "\"1", "1\"", "\"\"1\"\"", "W/\"1\"", "w/\"1\"", "\"one\"", "\"-1\"", "\"+1\"", "\"1.0\"", "\"0x1\"", "\" 1\"", "\"1 \"",
        "\"1\", \"2\"", "\"1\",\"1\"", "\"\"", "\"", "**", "\"*\"", "\"9223372036854775808\"", "\"99999999999999999999999\"",
        "\"1\"x", "'1'", "\"1\u0009\"", "\"' or 1 eq 1\"", "\"x' or PartitionKey ne '\"", "\"%31\"", "\"\\u0031\"",
    ]);

    private FuzzRequest Post(string @class, string path, byte[] body) => _requests.Post(@class, path, body);
}
