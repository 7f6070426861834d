using System.Globalization;
using System.Text;
using CspUpgrades.Functions.ReceiveSubscriptionEvent;
using CspUpgrades.Functions.Tests.Http.Builders;
using CspUpgrades.Functions.Tests.Http.Support;
using CspUpgrades.Functions.Tests.Support;

namespace CspUpgrades.Functions.Tests.Fuzzing;

/// <summary>
/// POST /api/webhooks/subscription-events. Hostile bodies are signed with the real secret, so they get
/// past the signature and reach parsing and validation; valid bodies are sent unsigned or mis-signed.
/// A correctly signed valid event would be applied, so every signed case is broken somewhere it must be refused.
/// </summary>
public sealed class ReceiveSubscriptionEventFuzzer : EndpointFuzzer
{
    private static readonly string[] RequiredPaths =
    [
        "type", "occurredAt", "partnerId", "customerId", "subscription", "subscription.id", "subscription.offerId", "subscription.status",
        "subscription.quantity", "subscription.channel", "subscription.billingCycle", "subscription.termStart", "subscription.termEnd",
        "subscription.unitPrice", "subscription.unitPrice.amount", "subscription.unitPrice.currency",
    ];

    private static readonly string[] IdPaths = ["partnerId", "customerId", "subscription.id", "subscription.offerId"];

    private readonly FuzzTarget _target;
    private readonly JsonTemplate _subscriptionUpdated;
    private readonly JsonTemplate _licensesAssigned;
    private readonly JsonBodyCases _bodies;

    public ReceiveSubscriptionEventFuzzer(FuzzTarget target)
    {
        _target = target;
        // The seeded subscription, as a newer full state: applied as is (so only its mutations are sent signed).
        _subscriptionUpdated = new JsonTemplate(EventBuilder.SubscriptionUpdated(target.PartnerId, FuzzTarget.Customer,
            new SubscriptionSpec(FuzzTarget.Subscription, "o365-business-essentials") { Quantity = 30 }).Build());
        _licensesAssigned = new JsonTemplate(EventBuilder.LicensesAssigned(target.PartnerId, FuzzTarget.Customer, FuzzTarget.Subscription,
            EventBuilder.User("user-1", "ExchangeMailbox")).Build());
        _bodies = new JsonBodyCases(_subscriptionUpdated, Signed, target.WebhookLimitBytes);
    }

    public override string Endpoint => "ReceiveSubscriptionEvent";

    protected override IReadOnlyList<Func<Random, FuzzRequest>> Classes =>
    [
        .. _bodies.All,
        random => Signed("required member missing", _subscriptionUpdated.Without(HostileStrings.Pick(random, RequiredPaths))),
        random => Signed("required member null", _subscriptionUpdated.WithValue(HostileStrings.Pick(random, RequiredPaths), "null")),
        random => Signed("wrong JSON type", WrongType(random)),
        random => Signed("hostile id", _subscriptionUpdated.WithValue(HostileStrings.Pick(random, IdPaths), JsonText.Quoted(HostileStrings.Any(random)))),
        random => Signed("hostile add-on id", _subscriptionUpdated.WithValue("subscription.addOns", "[" + JsonText.Quoted(HostileStrings.Any(random)) + "]")),
        random => Signed("hostile channel partner id", _subscriptionUpdated.WithValue("subscription.channel",
            $"{{\"kind\":\"other_partner\",\"partnerName\":\"Other\",\"partnerId\":{JsonText.Quoted(HostileStrings.Any(random))}}}")),
        random => Signed("hostile user id", _licensesAssigned.WithValue("licenses.assignedUsers",
            $"[{{\"userObjectId\":{JsonText.Quoted(HostileStrings.Any(random))},\"name\":\"n\",\"email\":\"e@x.test\",\"services\":[]}}]")),
        random => Signed("hostile licenses subscription id", _licensesAssigned.WithValue("licenses.subscriptionId", JsonText.Quoted(HostileStrings.Any(random)))),
        random => Signed("hostile type", _subscriptionUpdated.WithValue("type", JsonText.Quoted(HostileEnum(random, "subscription.updated")))),
        random => Signed("hostile enum value", HostileEnumValue(random)),
        random => Signed("quantity out of range", _subscriptionUpdated.WithValue("subscription.quantity", HostileStrings.Pick(random, ["-1", "-2147483648", "1000001", "2147483647"]))),
        random => Signed("occurredAt out of range", _subscriptionUpdated.WithValue("occurredAt", JsonText.Quoted(HostileInstant(random)))),
        random => Signed("term dates out of range", HostileTerm(random)),
        random => Signed("hostile unit price", HostileUnitPrice(random)),
        // Well-formed, about a subscription no event created: 422 and nothing stored — carrying a hostile webhook-id to where ids are stored.
        random => Signed("licenses for an unknown subscription", _licensesAssigned.WithValue("licenses.subscriptionId", JsonText.Quoted("unknown-" + random.Next().ToString(CultureInfo.InvariantCulture))),
            HostileWebhookId(random)).Expecting(422),
        // A valid event that would be applied, without a valid signature: 401.
        random => MisSigned(random),
        // Over the cap: 413 before the signature is even checked (unsigned garbage) or parsed (signed).
        random => PartnerRequests.Oversized(random, Unsigned("unsigned", _subscriptionUpdated.Valid), _target.WebhookLimitBytes),
        random => Oversized(random),
        random => PartnerRequests.WithWrongMediaType(random, Signed("valid", _subscriptionUpdated.Valid)),
        random => PartnerRequests.WithWrongMethod(random, Unsigned("valid", _subscriptionUpdated.Valid), "POST"),
    ];

    private static FuzzRequest Signed(string @class, byte[] body) => Signed(@class, body, "evt_fuzz_" + Guid.NewGuid().ToString("N"));

    private static FuzzRequest Signed(string @class, byte[] body, string id)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return Unsigned(@class, body)
            .WithHeader(WebhookSignature.IdHeader, id)
            .WithHeader(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture))
            .WithHeader(WebhookSignature.SignatureHeader, WebhookSignature.Sign(ClientRequests.WebhookSecret, id, timestamp, body));
    }

    private static FuzzRequest Unsigned(string @class, byte[] body) =>
        new(@class, "POST", Routes.Webhooks, [("Content-Type", "application/json")], body);

    private FuzzRequest MisSigned(Random random)
    {
        var body = _subscriptionUpdated.Valid;
        var id = "evt_fuzz_" + random.Next();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var good = WebhookSignature.Sign(ClientRequests.WebhookSecret, id, now, body);
        var otherSecret = "whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes("not-the-secret-at-all-32-bytes!!"));
        var (why, headers) = random.Next(14) switch
        {
            0 => ("no signature headers", Array.Empty<(string, string)>()),
            1 => ("no webhook-id", [(WebhookSignature.TimestampHeader, Text(now)), (WebhookSignature.SignatureHeader, good)]),
            2 => ("no timestamp", [(WebhookSignature.IdHeader, id), (WebhookSignature.SignatureHeader, good)]),
            3 => ("no signature", [(WebhookSignature.IdHeader, id), (WebhookSignature.TimestampHeader, Text(now))]),
            4 => ("another secret", Headers(id, Text(now), WebhookSignature.Sign(otherSecret, id, now, body))),
            5 => ("another id", Headers(id + "x", Text(now), good)),
            6 => ("signed for another body", Headers(id, Text(now), WebhookSignature.Sign(ClientRequests.WebhookSecret, id, now, [.. body, (byte)' ']))),
            7 => ("timestamp too old", Headers(id, Text(now - 301 - random.Next(100_000)), WebhookSignature.Sign(ClientRequests.WebhookSecret, id, now - 301, body))),
            8 => ("timestamp too new", Headers(id, Text(now + 301 + random.Next(100_000)), WebhookSignature.Sign(ClientRequests.WebhookSecret, id, now + 301, body))),
            9 => ("timestamp not a number", Headers(id, HostileStrings.Pick(random, ["", " ", "-1", "+" + Text(now), Text(now) + ".0", "1e9", "99999999999999999999", "-9223372036854775808", "0x10", "now"]), good)),
            10 => ("signature garbage", Headers(id, Text(now), HostileStrings.Pick(random, ["v1,", "v1", "v2," + good[3..], good[3..], "v1,!!!!", "v1,====", good.ToUpperInvariant(), "v1a," + good[3..], good + "x"]))),
            11 => ("many wrong signatures", Headers(id, Text(now), string.Join(' ', Enumerable.Repeat("v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", 50 + random.Next(300))))),
            12 => ("signature of the empty body", Headers(id, Text(now), WebhookSignature.Sign(ClientRequests.WebhookSecret, id, now, []))),
            _ => ("hostile webhook-id", Headers(PartnerRequests.HeaderSafe(HostileStrings.Any(random)) is { Length: > 0 } hostile ? hostile : "'", Text(now), good)),
        };
        var request = Unsigned("mis-signed: " + why, body).Expecting(401);
        return headers.Aggregate(request, (r, h) => r.WithHeader(h.Item1, h.Item2));
    }

    private FuzzRequest Oversized(Random random)
    {
        var padding = new string(' ', _target.WebhookLimitBytes);
        var body = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(_subscriptionUpdated.Valid) + padding);
        var signed = Signed("signed valid event padded over the cap", body).Expecting(413);
        return random.Next(2) == 0 ? signed : signed with { Class = "signed, chunked, over the cap", Framing = BodyFraming.Chunked };
    }

    private byte[] WrongType(Random random)
    {
        var path = HostileStrings.Pick(random, _bodies.Paths);
        var value = path switch
        {
            "subscription.quantity" => HostileStrings.Pick(random, JsonText.NotAnInt),
            "subscription.addOns" => HostileStrings.Pick(random, ["\"o365-proplus\"", "5", "{}", "[5]", "[null]", "[[]]", "[{}]", "true"]),
            _ => HostileStrings.Pick(random, JsonText.NotAString),
        };
        return _subscriptionUpdated.WithValue(path, value);
    }

    private byte[] HostileEnumValue(Random random)
    {
        var (path, valid) = HostileStrings.Pick(random,
        [
            ("subscription.status", "active"), ("subscription.billingCycle", "monthly"), ("subscription.channel.kind", "this_partner"),
        ]);
        return random.Next(3) == 0
            ? _subscriptionUpdated.WithValue(path, HostileStrings.Pick(random, ["0", "1", "2", "3", "99", "-1", "1.0", "\"0\"", "\"1\"", "\"99\""]))
            : _subscriptionUpdated.WithValue(path, JsonText.Quoted(HostileEnum(random, valid)));
    }

    private static string HostileEnum(Random random, string valid) => random.Next(3) switch
    {
        0 => HostileStrings.Decorated(random, valid),
        // Not " active" or "active ": the framework's enum reading tolerates surrounding spaces (harmless, left alone).
        1 => HostileStrings.Pick(random, ["", " ", valid + "s", valid[..^1], valid.Contains('_', StringComparison.Ordinal) ? valid.Replace('_', '-') : valid + "-x", "unknown", "null"]),
        _ => HostileStrings.Any(random),
    };

    private static string HostileInstant(Random random) => HostileStrings.Pick(random,
    [
        "1999-12-31T23:59:59Z", "2101-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.9999999Z", "9999-12-31T23:59:59-14:00",
        "0001-01-01T00:00:00+14:00", "10000-01-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-21T25:00:00Z",
        "2026-11-21T00:00:00+15:00", "2026-11-21T00:00:60Z", "", "now", "1700000000", "2026-11-21 00:00:00", "-2026-11-21T00:00:00Z", "1969-12-31T23:59:59Z",
    ]);

    private byte[] HostileTerm(Random random)
    {
        string[] dates =
        [
            "0001-01-01", "9999-12-31", "1900-01-01", "1999-12-31", "2101-01-01", "2026-02-30", "2026-13-01", "2026-00-10", "", "2026-11-21T00:00:00Z",
            "20261121", "26-11-21", "+2026-11-21", "10000-01-01",
        ];
        return random.Next(3) switch
        {
            0 => _subscriptionUpdated.WithValue("subscription.termStart", JsonText.Quoted(HostileStrings.Pick(random, dates))),
            1 => _subscriptionUpdated.WithValue("subscription.termEnd", JsonText.Quoted(HostileStrings.Pick(random, dates))),
            // A term that does not end after it starts.
            _ => _subscriptionUpdated.WithValue("subscription.termEnd", JsonText.Quoted(
                EventBuilder.DefaultTermStart.AddDays(-random.Next(1000)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
        };
    }

    private byte[] HostileUnitPrice(Random random)
    {
        var amount = HostileStrings.Pick(random,
        [
            "-1.00", "-0.01", "1.001", "1e5", "1E2", "NaN", "Infinity", "-Infinity", "", " ", " 5.00", "5.00 ", "5,00", "0x10", "5.", ".5", "+5.00", "5.00.00",
            new string('9', 33), "99999999999999999999.99", "9223372036854775807.99", "٥.٠٠", "5\u00A0.00", "' or 1 eq 1",
        ]);
        var currency = HostileStrings.Pick(random, ["US", "USDX", "", "U$D", "ZZZ", "123", "\u0055SD\u200B", "' or '", "usd "]);
        return random.Next(3) switch
        {
            0 => _subscriptionUpdated.WithValue("subscription.unitPrice.currency", JsonText.Quoted(currency)),
            1 => _subscriptionUpdated.WithValue("subscription.unitPrice.amount", random.Next(2) == 0 ? "5.00" : "5"),
            _ => _subscriptionUpdated.WithValue("subscription.unitPrice.amount", JsonText.Quoted(amount)),
        };
    }

    private static string HostileWebhookId(Random random) =>
        PartnerRequests.HeaderSafe(HostileStrings.Any(random)) is { Length: > 0 } id ? id : "'";

    private static (string, string)[] Headers(string id, string timestamp, string signature) =>
        [(WebhookSignature.IdHeader, id), (WebhookSignature.TimestampHeader, timestamp), (WebhookSignature.SignatureHeader, signature)];

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
