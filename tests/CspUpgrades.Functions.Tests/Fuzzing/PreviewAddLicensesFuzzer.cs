using CspUpgrades.Functions.Tests.Http.Support;

namespace CspUpgrades.Functions.Tests.Fuzzing;

/// <summary>GET /api/customers/{customerId}/subscriptions/{subscriptionId}/licenses/preview: hostile ids and quantities, key, method.</summary>
public sealed class PreviewAddLicensesFuzzer(FuzzTarget target) : EndpointFuzzer
{
    private static readonly string[] OutOfRange = ["0", "-1", "10001", "2147483648", "99999999999999999999", "1e3", "0x10", "+1", " 1", "1.0"];

    private readonly PartnerRequests _requests = new(target);

    public override string Endpoint => "PreviewAddLicenses";

    protected override IReadOnlyList<Func<Random, FuzzRequest>> Classes =>
    [
        random => Get("hostile customerId", PartnerRequests.HostileSegment(random), FuzzTarget.Subscription, "1").Expecting(400, 404),
        random => Get("hostile subscriptionId", FuzzTarget.Customer, PartnerRequests.HostileSegment(random), "1").Expecting(400, 404),
        random => Get("unknown subscriptionId", FuzzTarget.Customer, PartnerRequests.UnknownId(random), "1").Expecting(404),
        random => Get("hostile quantity", FuzzTarget.Customer, FuzzTarget.Subscription, PathSegment.Encode(random, HostileStrings.Any(random))).Expecting(400),
        random => Get("quantity out of range", FuzzTarget.Customer, FuzzTarget.Subscription, Uri.EscapeDataString(HostileStrings.Pick(random, OutOfRange))).Expecting(400),
        random => Get("valid quantity", FuzzTarget.Customer, FuzzTarget.Subscription, (1 + random.Next(10_000)).ToString(System.Globalization.CultureInfo.InvariantCulture)).Expecting(200),
        random => _requests.WithBadKey(random, Get("valid", FuzzTarget.Customer, FuzzTarget.Subscription, "1")).Expecting(401),
        random => PartnerRequests.WithWrongMethod(random, Get("valid", FuzzTarget.Customer, FuzzTarget.Subscription, "1"), "GET"),
    ];

    private FuzzRequest Get(string @class, string customer, string subscription, string quantity) =>
        _requests.Get(@class, Routes.Licenses(customer, subscription) + "/preview?quantity=" + quantity);
}
