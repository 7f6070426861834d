using System.Text.Json.Nodes;
using CspUpgrades.Functions.Tests.Http.Support;

namespace CspUpgrades.Functions.Tests.Fuzzing;

/// <summary>
/// POST /api/customers/{customerId}/subscriptions/{subscriptionId}/upgrades. The valid body would queue a
/// real upgrade of the seeded subscription, so every case breaks the request somewhere it must be refused.
/// </summary>
public sealed class RequestUpgradeFuzzer : EndpointFuzzer
{
    private static readonly JsonTemplate Body = new(new JsonObject
    {
        ["targetOffer"] = "o365-enterprise-e3",
        ["upgradeType"] = "upgrade_with_license_transfer",
        ["quantity"] = 5,
    });

    private readonly PartnerRequests _requests;
    private readonly JsonBodyCases _bodies;

    public RequestUpgradeFuzzer(FuzzTarget target)
    {
        _requests = new PartnerRequests(target);
        _bodies = new JsonBodyCases(Body, (@class, body) => Post(@class, Valid, body), PartnerRequests.LimitBytes);
    }

    public override string Endpoint => "RequestUpgrade";

    private static string Valid => Routes.Upgrades(FuzzTarget.Customer, FuzzTarget.Subscription);

    protected override IReadOnlyList<Func<Random, FuzzRequest>> Classes =>
    [
        .. _bodies.All,
        // Valid body, hostile or unknown route ids: refused before storage, or not found.
        random => Post("hostile customerId", Routes.Upgrades(PartnerRequests.HostileSegment(random), FuzzTarget.Subscription), Body.Valid).Expecting(400, 404),
        random => Post("hostile subscriptionId", Routes.Upgrades(FuzzTarget.Customer, PartnerRequests.HostileSegment(random)), Body.Valid).Expecting(400, 404),
        random => Post("unknown subscriptionId", Routes.Upgrades(FuzzTarget.Customer, PartnerRequests.UnknownId(random)), Body.Valid).Expecting(404),
        // Wrong JSON type for each member.
        random => Post("targetOffer not a string", Valid, Body.WithValue("targetOffer", HostileStrings.Pick(random, JsonText.NotAString))),
        random => Post("upgradeType not a string", Valid, Body.WithValue("upgradeType", HostileStrings.Pick(random, JsonText.NotAString))),
        random => Post("quantity not an int", Valid, Body.WithValue("quantity", HostileStrings.Pick(random, JsonText.NotAnInt))),
        // Required members missing or null: invalid_request naming them.
        random => Post("targetOffer missing or null", Valid, random.Next(2) == 0 ? Body.Without("targetOffer") : Body.WithValue("targetOffer", "null")),
        random => Post("upgradeType missing or null", Valid, random.Next(2) == 0 ? Body.Without("upgradeType") : Body.WithValue("upgradeType", "null")),
        // Hostile strings where an offer id or name belongs: not an id (400), or an id the catalog lacks (422).
        random => Post("hostile targetOffer", Valid, Body.WithValue("targetOffer", JsonText.Quoted(HostileTargetOffer(random)))).Expecting(400, 422),
        random => Post("hostile upgradeType", Valid, Body.WithValue("upgradeType", JsonText.Quoted(HostileUpgradeType(random)))),
        // Whole numbers the subscription cannot give: none or negative, more seats than its 25, int extremes.
        // Refused as impossible (422), or first for the customer's state (409: another subscription conflicts with a license transfer).
        random => Post("quantity out of range", Valid, Body.WithValue("quantity", HostileStrings.Pick(random, ["0", "-1", "-0", "26", "2147483647", "-2147483648", "1000000"]))).Expecting(409, 422),
        // Valid body on the subscription an upgrade holds: the state refuses it, nothing is queued.
        random => Post("subscription held by an operation", Routes.Upgrades(FuzzTarget.Customer, FuzzTarget.HeldSubscription), Body.Valid).Expecting(409),
        random => Post("suspended subscription", Routes.Upgrades(FuzzTarget.Customer, FuzzTarget.SuspendedSubscription), Body.WithValue("quantity", "1")).Expecting(409, 422),
        // Idempotency-Key abuse with a valid body: an invalid key is refused before anything is recorded.
        random => Post("hostile Idempotency-Key", Valid, Body.Valid).WithHeader("Idempotency-Key", HostileIdempotencyKey(random)),
        random => PartnerRequests.Oversized(random, Post("valid", Valid, Body.Valid), PartnerRequests.LimitBytes),
        random => PartnerRequests.LyingLength(random, Post("valid", Valid, Body.Valid)),
        random => PartnerRequests.WithWrongMediaType(random, Post("valid", Valid, Body.Valid)),
        random => _requests.WithBadKey(random, Post("valid", Valid, Body.Valid)).Expecting(401),
        random => PartnerRequests.WithWrongMethod(random, Post("valid", Valid, Body.Valid), "GET", "POST"),
    ];

    /// <summary>Keys that are not 1-255 printable ASCII characters (what a header can carry: tabs inside, or too long).</summary>
    public static string HostileIdempotencyKey(Random random) => random.Next(3) switch
    {
        0 => new string('k', 256 + random.Next(8000)),
        1 => "key\t" + random.Next(),
        _ => string.Concat(Enumerable.Repeat("' or 1 eq 1\t", 1 + random.Next(40))) + "x",
    };

    private static string HostileTargetOffer(Random random)
    {
        var value = random.Next(3) == 0 ? HostileStrings.Decorated(random, "o365-enterprise-e3") : HostileStrings.Any(random);
        // Only whitespace would be trimmed away, leaving a real offer: the hostile part stays inside.
        return value.Trim().Length == 0 ? "'" : value;
    }

    private static string HostileUpgradeType(Random random) => random.Next(3) switch
    {
        0 => HostileStrings.Pick(random, ["Upgrade_Only", "UPGRADE_ONLY", "upgrade_only ", " upgrade_only", "upgradeOnly", "upgrade-only", "0", "1", "", "null"]),
        1 => HostileStrings.Decorated(random, "upgrade_only"),
        _ => HostileStrings.Any(random),
    };

    private FuzzRequest Post(string @class, string path, byte[] body) => _requests.Post(@class, path, body);
}
