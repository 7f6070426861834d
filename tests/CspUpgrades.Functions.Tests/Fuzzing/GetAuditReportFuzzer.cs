using CspUpgrades.Functions.Tests.Http.Support;

namespace CspUpgrades.Functions.Tests.Fuzzing;

/// <summary>GET /api/audits/latest and /api/audits/{runId}, as JSON and CSV: hostile run ids, Accept headers, key, method.</summary>
public sealed class GetAuditReportFuzzer(FuzzTarget target) : EndpointFuzzer
{
    private static readonly string[] HostileAccepts =
    [
        "text/csv", "text/csv;q=0", "text/csv;q=abc", "TEXT/CSV", "text/*", "*/*", "text/csv, application/json;q=0.1", "application/xml",
        "application/problem+json", "text/html", "", ",,,", ";;;", "text/csv;charset=utf-16", "text/csv;", "/", "*/", "text/csv" + new string(',', 2000),
        string.Join(", ", Enumerable.Repeat("text/csv;q=0.5", 300)), "\"text/csv\"", "text/csv;q=1;q=0", "application/json;q=2", "x/y;a=\"unterminated",
    ];

    private readonly PartnerRequests _requests = new(target);

    public override string Endpoint => "GetAuditReport";

    protected override IReadOnlyList<Func<Random, FuzzRequest>> Classes =>
    [
        random => WithAccept(random, Get("hostile runId", PartnerRequests.HostileSegment(random))).Expecting(400, 404),
        random => WithAccept(random, Get("decorated runId", PathSegment.Encode(random, HostileStrings.Decorated(random, target.AuditRunId)))).Expecting(400, 404),
        // Well-formed run ids no run has (letters, digits, '-'), as CSV or JSON: not found.
        random => WithAccept(random, Get("unknown runId", UnknownRunId(random))).Expecting(404),
        random => _requests.WithBadKey(random, WithAccept(random, Get("valid", random.Next(2) == 0 ? "latest" : target.AuditRunId))).Expecting(401),
        random => PartnerRequests.WithWrongMethod(random, Get("valid", "latest"), "GET"),
        // Accounted for: any Accept header on a real run is still answered — JSON, or CSV when asked — never 5xx.
        random => WithAccept(random, Get("Accept abuse on a real run", random.Next(2) == 0 ? "latest" : target.AuditRunId)).Expecting(200),
    ];

    private static FuzzRequest WithAccept(Random random, FuzzRequest request) =>
        random.Next(4) == 0 ? request : request.WithHeader("Accept", HostileStrings.Pick(random, HostileAccepts));

    private static string UnknownRunId(Random random)
    {
        const string Alphabet = "abcdefABCDEF0123456789-TZ";
        var chars = new char[1 + random.Next(64)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[random.Next(Alphabet.Length)];
        }

        var id = new string(chars);
        return id.Equals("latest", StringComparison.Ordinal) ? "x" + id : id;
    }

    private FuzzRequest Get(string @class, string runId) => _requests.Get(@class, Routes.Audit(runId));
}
