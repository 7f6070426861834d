using System.Buffers.Text;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.Http;

namespace CspUpgrades.Functions.Tests.Fuzzing;

/// <summary>GET /api/events: hostile <c>limit</c> and <c>after</c> values, forged and foreign cursors, key, method.</summary>
public sealed class ListEventsFuzzer(FuzzTarget target) : EndpointFuzzer
{
    private const string Path = "/api/events";

    private static readonly string[] BadLimits =
    [
        "0", "-1", "1001", "1000000", "99999999999999999999", "1e3", "0x10", "+5", " 5", "5 ", "5.0", "٥", "５", "1,000", "NaN", "null", "true",
    ];

    // Feed positions ("{ticks:D19}|{index:D3}|{event id}") bent, and other rows' keys.
    private static readonly string[] ForgedPositions =
    [
        "0000000000000000000|000|00000000-0000-0000-0000-000000000000", "9999999999999999999|999|ffffffff-ffff-ffff-ffff-ffffffffffff",
        "0638690000000000000|000|x", "0638690000000000000|0000|abc", "0638690000000000000|000|", "sub|contoso", "profile", "publish|1|2|3",
        "0638690000000000000|000|" + new string('a', 2000), "~", "0638690000000000000|000|abc' or true or '", "\u0000", " ",
    ];

    private readonly PartnerRequests _requests = new(target);

    public override string Endpoint => "ListEvents";

    protected override IReadOnlyList<Func<Random, FuzzRequest>> Classes =>
    [
        random => Get("hostile limit", "limit=" + Escape(Pick(random, BadLimits))),
        random => Get("hostile limit text", "limit=" + Escape(HostileStrings.Any(random))),
        random => Get("valid limit", "limit=" + random.Next(1, 1001)).Expecting(200),
        random => Get("limit given twice", $"limit={random.Next(1, 1001)}&limit={random.Next(1, 1001)}"),
        random => Get("empty parameter", random.Next(2) == 0 ? "limit=" : "after="),
        random => Get("hostile after", "after=" + Escape(HostileStrings.Any(random))),
        random => Get("random base64url after", "after=" + Base64Url.EncodeToString(RandomBytes(random))),
        random => Get("after over its cap", "after=" + new string('A', ContinuationToken.MaxLength + 1 + random.Next(100))),
        random => Get("another partner's cursor", "after=" + Escape(Cursor(new PartnerId("someone-else"), "0638690000000000000|000|00000000-0000-0000-0000-000000000000"))),
        random => Get("another list's token", "after=" + Escape(ContinuationToken.Create(Partner, "customers", "contoso")!)),
        // A cursor only this partner could have been given, around a position it was not: a 400 or a page, never a 500.
        random => Get("forged position", "after=" + Escape(Cursor(Partner, Pick(random, ForgedPositions)))).Expecting(200, 400),
        random => Get("unknown parameter", Escape(PartnerRequests.UnknownId(random)) + "=1").Expecting(200),
        random => _requests.WithBadKey(random, Get("valid", "limit=10")).Expecting(401),
        random => PartnerRequests.WithWrongMethod(random, Get("valid", "limit=10"), "GET"),
    ];

    private PartnerId Partner => new(target.PartnerId);

    private FuzzRequest Get(string @class, string query) => _requests.Get(@class, Path + "?" + query);

    private static string Cursor(PartnerId partner, string position) => ContinuationToken.Create(partner, "events", position)!;

    private static string Escape(string value) => Uri.EscapeDataString(value);

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[1 + random.Next(200)];
        random.NextBytes(bytes);
        return bytes;
    }
}
