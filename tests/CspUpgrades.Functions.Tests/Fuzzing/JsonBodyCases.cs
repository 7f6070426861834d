using System.Text;

namespace CspUpgrades.Functions.Tests.Fuzzing;

/// <summary>
/// Hostile bodies for a JSON endpoint, derived from one valid body: each must be refused as
/// <c>malformed_body</c> (400) — or 413 when over the cap — whatever the route and headers.
/// </summary>
public sealed class JsonBodyCases(JsonTemplate template, Func<string, byte[], FuzzRequest> post, int limitBytes)
{
    public IReadOnlyList<Func<Random, FuzzRequest>> All =>
    [
        random => Post("malformed JSON", HostileStrings.Pick(random, JsonText.Malformed)),
        random => post("random bytes", RandomBytes(random)),
        random => post("truncated JSON", template.Valid[..random.Next(template.Valid.Length)]),
        random => Post("root not an object", HostileStrings.Pick(random, JsonText.NotAnObject)),
        random => Post("valid body in an array", "[" + Encoding.UTF8.GetString(template.Valid) + "]"),
        random => post("unknown member", template.WithMember(RandomObject(random), UnknownMember(random))),
        random => post("duplicate member", Duplicate(random)),
        random => post("invalid UTF-8 in a string", template.WithValueBytes(RandomPath(random), HostileStrings.Pick(random, JsonText.InvalidUtf8Strings))),
        random => post("lone surrogate", template.WithValue(RandomPath(random), HostileStrings.Pick(random, JsonText.BrokenSurrogates))),
        random => post("deep nesting under the cap", template.WithValue(RandomPath(random), JsonText.Nested(1 + random.Next(Math.Min(limitBytes / 12, 5000)), closed: random.Next(4) > 0, objects: random.Next(2) == 0))),
        random => TenThousandLevels(random),
        random => post("control characters between tokens", InsertRaw(random, HostileStrings.Pick(random, ["\u0000", "\u0001", "\u001B", "\u007F", "\u00A0", "\u200B", "\uFEFF", "\u2028"]))),
    ];

    public IReadOnlyList<string> Paths { get; } = template.Paths().Where(path => template.ValueAt(path) is not System.Text.Json.Nodes.JsonObject).ToList();

    private FuzzRequest Post(string @class, string body) => post(@class, Encoding.UTF8.GetBytes(body));

    /// <summary>Over the partner endpoints' cap (413 before parsing), under the webhook's (refused by the depth limit).</summary>
    private FuzzRequest TenThousandLevels(Random random)
    {
        var body = Encoding.UTF8.GetBytes(JsonText.Nested(10_000, objects: random.Next(2) == 0));
        return post("10,000 levels of nesting", body).Expecting(body.Length > limitBytes ? 413 : 400);
    }

    private string RandomPath(Random random) => HostileStrings.Pick(random, Paths);

    private string RandomObject(Random random)
    {
        var objects = template.Paths().Where(path => template.ValueAt(path) is System.Text.Json.Nodes.JsonObject).Prepend(string.Empty).ToList();
        return HostileStrings.Pick(random, objects);
    }

    private static string UnknownMember(Random random)
    {
        // None of these names matches a real member, not even ignoring case.
        var name = HostileStrings.Pick(random,
        [
            "qty", "extra", "$type", "$id", "$ref", "__proto__", "constructor", "partnerId", "PartitionKey", "RowKey", "odata.etag",
            "target_offer", "quantity ", " quantity", "quantity\u0000", "quantit\u00FD", "", "\u200B",
        ]);
        var value = HostileStrings.Pick(random, ["1", "null", "\"x\"", "{}", "[]", "true", JsonText.Quoted(HostileStrings.Any(random))]);
        return JsonText.Quoted(name) + ":" + value;
    }

    /// <summary>A member repeated: with the same value, a different value, or differing only in case.</summary>
    private byte[] Duplicate(Random random)
    {
        var path = RandomPath(random);
        var name = path.Split('.')[^1];
        var objectPath = path.Contains('.', StringComparison.Ordinal) ? path[..path.LastIndexOf('.')] : string.Empty;
        var sameValue = template.ValueAt(path)?.ToJsonString() ?? "null";
        var duplicateName = random.Next(3) == 0 ? char.ToUpperInvariant(name[0]) + name[1..] : name;
        var value = random.Next(2) == 0 ? sameValue : JsonText.Quoted(HostileStrings.Any(random));
        return template.WithMember(objectPath, JsonText.Quoted(duplicateName) + ":" + value);
    }

    private byte[] InsertRaw(Random random, string raw)
    {
        var valid = template.Valid;
        // After a structural character, so the inserted character sits between tokens (outside strings).
        var structural = Enumerable.Range(0, valid.Length).Where(i => valid[i] is (byte)'{' or (byte)',' or (byte)':').ToList();
        var at = structural[random.Next(structural.Count)] + 1;
        return [.. valid.AsSpan(0, at), .. Encoding.UTF8.GetBytes(raw), .. valid.AsSpan(at)];
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[1 + random.Next(2000)];
        random.NextBytes(bytes);
        // Never a body that happens to open like an object with members.
        bytes[0] = (byte)'\u00FF';
        return bytes;
    }
}
