using System.Buffers.Text;
using System.Text;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.Http;

namespace CspUpgrades.Functions.Tests.Fuzzing;

/// <summary>GET /api/customers: hostile <c>top</c> and <c>continuationToken</c> values, forged and foreign tokens, key, method.</summary>
public sealed class ListCustomersFuzzer(FuzzTarget target) : EndpointFuzzer
{
    private const string Path = "/api/customers";

    private static readonly string[] BadTops =
    [
        "0", "-1", "1001", "1000000", "99999999999999999999", "1e3", "0x10", "+5", " 5", "5 ", "5.0", "٥", "５", "1,000", "NaN", "null", "true",
    ];

    // What Table Storage's own continuations look like ("1!8!<base64>"), bent.
    private static readonly string[] ForgedStorageContinuations =
    [
        "1!8!Y29udG9zbw--", "1!8!", "!!!", "1!99999!YQ--", "1!8!Y29udG9zbw-- 1!8!Y29udG9zbw--", " ", "x y z", "1!-1!YQ--", "1!8!%%%%",
        "1!4!fGEK", "1!8!" + new string('A', 3000),
    ];

    private readonly PartnerRequests _requests = new(target);

    public override string Endpoint => "ListCustomers";

    protected override IReadOnlyList<Func<Random, FuzzRequest>> Classes =>
    [
        random => Get("hostile top", "top=" + Escape(Pick(random, BadTops))),
        random => Get("hostile top text", "top=" + Escape(HostileStrings.Any(random))),
        random => Get("valid top", "top=" + random.Next(1, 1001)).Expecting(200),
        random => Get("top given twice", $"top={random.Next(1, 1001)}&top={random.Next(1, 1001)}"),
        random => Get("empty parameter", random.Next(2) == 0 ? "top=" : "continuationToken="),
        random => Get("hostile continuationToken", "continuationToken=" + Escape(HostileStrings.Any(random))),
        random => Get("random base64url continuationToken", "continuationToken=" + Base64Url.EncodeToString(RandomBytes(random))),
        random => Get("continuationToken over its cap", "continuationToken=" + new string('A', ContinuationToken.MaxLength + 1 + random.Next(100))),
        random => Get("another partner's continuationToken", "continuationToken=" + Escape(Token(new PartnerId("someone-else"), "customers", "1!8!YQ--"))),
        random => Get("another list's continuationToken", "continuationToken=" + Escape(Token(Partner, "history|" + PartnerRequests.UnknownId(random), "1!8!YQ--"))),
        // A token only this partner could have been given, around a storage continuation it was not: a 400 or a page, never a 500.
        random => Get("forged storage continuation", "continuationToken=" + Escape(Token(Partner, "customers", Pick(random, ForgedStorageContinuations)))).Expecting(200, 400),
        random => Get("unknown parameter", Escape(PartnerRequests.UnknownId(random)) + "=1").Expecting(200),
        random => _requests.WithBadKey(random, Get("valid", "top=10")).Expecting(401),
        random => PartnerRequests.WithWrongMethod(random, Get("valid", "top=10"), "GET"),
    ];

    private PartnerId Partner => new(target.PartnerId);

    private FuzzRequest Get(string @class, string query) => _requests.Get(@class, Path + "?" + query);

    private static string Token(PartnerId partner, string list, string storage) => ContinuationToken.Create(partner, list, storage)!;

    private static string Escape(string value) => Uri.EscapeDataString(value);

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[1 + random.Next(200)];
        random.NextBytes(bytes);
        // Now and then valid JSON of the token's shape with made-up values.
        return random.Next(4) == 0
            ? Encoding.UTF8.GetBytes($$"""{"V":{{random.Next(3)}},"P":"{{Base64Url.EncodeToString(bytes.AsSpan(0, Math.Min(12, bytes.Length)))}}","L":"customers","K":"x"}""")
            : bytes;
    }
}
