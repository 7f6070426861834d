using System.Globalization;
using System.Text;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.Http;
using CspUpgrades.Functions.Tests.Http.Support;

namespace CspUpgrades.Functions.Tests.Fuzzing;

/// <summary>
/// GET /api/customers/{customerId}/subscriptions/{subscriptionId}/operations: hostile and unknown ids, <c>top</c> out of range
/// or not a number, continuation tokens that are garbage, tampered, made for another list or partner, key, method.
/// </summary>
public sealed class ListSubscriptionHistoryFuzzer(FuzzTarget target) : EndpointFuzzer
{
    private static readonly string[] BadTops = ["0", "-1", "1001", "99999999999999999999", "1.5", "1e3", "+5", " 5", "0x10", "five", "", "1,2"];

    private readonly PartnerRequests _requests = new(target);

    public override string Endpoint => "ListSubscriptionHistory";

    /// <summary>The held subscription has history (its queued upgrade), so a valid request reads a real row range.</summary>
    private static string List => $"history|{FuzzTarget.Customer}|{FuzzTarget.HeldSubscription}";

    protected override IReadOnlyList<Func<Random, FuzzRequest>> Classes =>
    [
        random => Get("hostile customerId", PartnerRequests.HostileSegment(random), FuzzTarget.HeldSubscription).Expecting(400, 404),
        random => Get("hostile subscriptionId", FuzzTarget.Customer, PartnerRequests.HostileSegment(random)).Expecting(400, 404),
        random => Get("unknown customerId", PartnerRequests.UnknownId(random), FuzzTarget.HeldSubscription).Expecting(404),
        random => Get("unknown subscriptionId", FuzzTarget.Customer, PartnerRequests.UnknownId(random)).Expecting(404),
        random => Get("bad top", FuzzTarget.Customer, FuzzTarget.HeldSubscription, "top=" + QueryValue(random, BadTop(random))),
        random => Get("garbage continuationToken", FuzzTarget.Customer, FuzzTarget.HeldSubscription, "continuationToken=" + QueryValue(random, HostileStrings.Any(random))),
        random => Get("continuationToken of another list", FuzzTarget.Customer, FuzzTarget.HeldSubscription, "continuationToken=" + ForeignToken(random)),
        // Tokens carry no secret: an edit may still name a position in this list (200), or not read back (400); never more.
        random => Get("tampered continuationToken", FuzzTarget.Customer, FuzzTarget.HeldSubscription, "continuationToken=" + Tampered(random)).Expecting(200, 400),
        random => Get("valid with a position", FuzzTarget.Customer, FuzzTarget.HeldSubscription, $"top={1 + random.Next(1000)}&continuationToken={Token(random)}").Expecting(200),
        random => _requests.WithBadKey(random, Get("valid", FuzzTarget.Customer, FuzzTarget.HeldSubscription)).Expecting(401),
        random => PartnerRequests.WithWrongMethod(random, Get("valid", FuzzTarget.Customer, FuzzTarget.HeldSubscription), "GET"),
    ];

    private static string BadTop(Random random) => random.Next(3) == 0 ? HostileStrings.Any(random) : HostileStrings.Pick(random, BadTops);

    /// <summary>A token this partner could have been given for the held subscription's history.</summary>
    private string Token(Random random)
    {
        var ticks = random.NextInt64(long.MaxValue).ToString("D19", CultureInfo.InvariantCulture);
        return ContinuationToken.Create(new PartnerId(target.PartnerId), List, ticks + "|" + PartnerRequests.UnknownId(random))!;
    }

    private string ForeignToken(Random random) => random.Next(3) switch
    {
        0 => ContinuationToken.Create(new PartnerId(target.PartnerId), $"history|{FuzzTarget.Customer}|{FuzzTarget.Subscription}", "0000000000000000000|op")!,
        1 => ContinuationToken.Create(new PartnerId("another-partner"), List, "0000000000000000000|op")!,
        _ => ContinuationToken.Create(new PartnerId(target.PartnerId), List, HostileStrings.Any(random))!,
    };

    private string Tampered(Random random)
    {
        var token = new StringBuilder(Token(random));
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (var edits = 1 + random.Next(3); edits > 0; edits--)
        {
            token[random.Next(token.Length)] = Alphabet[random.Next(Alphabet.Length)];
        }

        return token.ToString();
    }

    private static string QueryValue(Random random, string value) => PathSegment.Encode(random, value);

    private FuzzRequest Get(string @class, string customer, string subscription, string? query = null) =>
        _requests.Get(@class, Routes.History(customer, subscription) + (query is null ? string.Empty : "?" + query));
}
