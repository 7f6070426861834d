namespace CspUpgrades.Functions.Tests.Fuzzing;

/// <summary>
/// Values an attacker puts where an id belongs. None of them is a valid id (1-64 of A-Z a-z 0-9 - _ .),
/// so each must be refused wherever it appears — except the dot-only ones, which are valid ids that no
/// row has and must simply be not found.
/// </summary>
public static class HostileStrings
{
    /// <summary>OData filter injection: closes the quoted key and widens the query.</summary>
    public static readonly string[] ODataInjection =
    [
        "' or 1 eq 1",
        "x' or PartitionKey ne '",
        "x' or RowKey ne '",
        "' or PartitionKey gt '' or '",
        "x') or (PartitionKey ne 'x",
        "x'' or ''1'' eq ''1",
        "x\" or 1 eq 1 or \"",
        "x%27%20or%201%20eq%201",
        "x' and Timestamp ge datetime'2000-01-01T00:00:00Z",
        "*",
        "x&$filter=PartitionKey ne ''",
        "x?$top=1000",
        "(PartitionKey='a',RowKey='b')",
    ];

    /// <summary>Characters Table Storage forbids in keys, or that change what a storage URL means.</summary>
    public static readonly string[] KeyBreakers =
    [
        "a/b", "a\\b", "a#b", "a?b", "a|b", "a%b", "a b", "a+b", "a&b", "a;b", "a,b", "a:b", "a=b", "a@b", "a~b", "a'b", "a\"b",
    ];

    public static readonly string[] Traversal =
    [
        "../x", "..\\x", "../../../etc/passwd", "..%2f..%2f", "%2e%2e", "%2e%2e%2f", "%252e%252e%252f", "....//", "..;/", "%c0%ae%c0%ae",
    ];

    /// <summary>Zero-width, bidi, control and non-ASCII characters: invisible or misleading in an id.</summary>
    public static readonly string[] Unicode =
    [
        "contoso\u200B", "\u200Bcontoso", "con\u200Dtoso", "contoso\u202Eosotnoc", "\u202Acontoso\u202C", "\uFEFFcontoso",
        "contoso\u0000", "con\u0000toso", "contoso\u0007", "contoso\r\nX-Injected: 1", "contoso\t", "contoso\u001B[31m", "contoso\u007F",
        "cöntoso", "contoso\u0301", "ｃｏｎｔｏｓｏ", "контосо", "契约", "😀", "contoso\u00A0", "con\u2028toso", "\uD800", "a\uDFFFb", "\uDBFF\uDFFF",
    ];

    public static readonly string[] Blank = ["", " ", "  ", "\t", "\u3000"];

    /// <summary>Valid by the id rules (dots are allowed) but never stored: must be 404, never 500.</summary>
    public static readonly string[] DotOnly = ["-", "_", "..", "...", ".-_."];

    /// <summary>Ids over the 64-character limit, up to sizes that stress URL and header limits.</summary>
    public static IEnumerable<string> Overlong(Random random)
    {
        yield return new string('a', 65);
        yield return new string('a', 256);
        yield return new string('x', 1024 + random.Next(1024));
        yield return string.Concat(Enumerable.Repeat("' or 1 eq 1", 20));
    }

    /// <summary>Anything from the lists above, or a random string of hostile characters.</summary>
    public static string Any(Random random)
    {
        return random.Next(7) switch
        {
            0 => Pick(random, ODataInjection),
            1 => Pick(random, KeyBreakers),
            2 => Pick(random, Traversal),
            3 => Pick(random, Unicode),
            4 => Overlong(random).ElementAt(random.Next(4)),
            5 => Mixed(random),
            _ => Decorated(random, Pick(random, ["contoso", "contoso-essentials", "o365-enterprise-e3", "op-1"])),
        };
    }

    /// <summary>A valid-looking id with one hostile character inside it (never only at the ends, so trimming cannot clean it).</summary>
    public static string Decorated(Random random, string valid)
    {
        var hostile = Pick(random, ["'", "\u200B", "\u202E", "\u0000", "/", "%", "|", "\u00E9", "#", "?", "\\", "\uD800", " ' or 1 eq 1 ", "\n"]);
        var at = 1 + random.Next(valid.Length - 1);
        return string.Concat(valid.AsSpan(0, at), hostile, valid.AsSpan(at));
    }

    public static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static string Mixed(Random random)
    {
        const string Alphabet = "'\"%/\\|#?&=+;:,*<>()[]{}$@!~` \t\u0000\u0001\u001F\u007F\u0085\u00A0\u200B\u202E\uFEFF\uFFFDé😀abc-_.";
        var length = 1 + random.Next(80);
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = Alphabet[random.Next(Alphabet.Length)];
        }

        // At least one character an id may not hold, so the value is never accidentally valid.
        chars[random.Next(length)] = '\'';
        return new string(chars);
    }
}
