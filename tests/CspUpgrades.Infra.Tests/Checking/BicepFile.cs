using System.Text.RegularExpressions;

namespace CspUpgrades.Infra.Tests.Checking;

/// <summary>A <c>resource</c> declaration: its symbol, type, API version and the object that follows it.</summary>
public sealed record BicepResource(string Symbol, string Type, string ApiVersion, bool Existing, string? Condition, string Body)
{
    /// <summary>The value of a top-level member of the declaration (<c>name</c>, <c>scope</c>, <c>properties</c>…), or null.</summary>
    public string? Member(string key) => BicepSyntax.Member(Body, key);

    /// <summary>The value at a path of nested objects, e.g. <c>properties</c>, <c>functionAppConfig</c>, <c>runtime</c>, <c>name</c>.</summary>
    public string? At(params string[] path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string? current = Body;
        foreach (var key in path)
        {
            if (current is null || !current.TrimStart().StartsWith('{'))
            {
                return null;
            }

            current = BicepSyntax.Member(current, key);
        }

        return current;
    }
}

/// <summary>A <c>module</c> declaration: its symbol, the file it points to, and the <c>params</c> it passes.</summary>
public sealed record BicepModuleCall(string Symbol, string RelativePath, string Body)
{
    public IReadOnlyDictionary<string, string> Params =>
        BicepSyntax.Member(Body, "params") is { } block
            ? BicepSyntax.Members(block).ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal)
            : new Dictionary<string, string>();
}

/// <summary>One .bicep file, comments removed, with the declarations the checks read.</summary>
public sealed partial class BicepFile
{
    private BicepFile(string relativePath, string text)
    {
        RelativePath = relativePath;
        Text = text;
        Params = ParamPattern().Matches(text).ToDictionary(m => m.Groups["name"].Value, m => ValueAfter(text, m), StringComparer.Ordinal);
        Vars = VarPattern().Matches(text).ToDictionary(m => m.Groups["name"].Value, m => ValueAfter(text, m)!, StringComparer.Ordinal);
        Resources = ResourcePattern().Matches(text).Select(m => ReadResource(text, m)).ToList();
        Modules = ModulePattern().Matches(text).Select(m => new BicepModuleCall(
            m.Groups["symbol"].Value, m.Groups["path"].Value, Block(text, m.Index + m.Length, out _))).ToList();
    }

    /// <summary>The path below the infra folder, with forward slashes: <c>main.bicep</c>, <c>app/storage.bicep</c>.</summary>
    public string RelativePath { get; }

    public string Text { get; }

    /// <summary>Each <c>param</c> with its default value's text, or null when it has none.</summary>
    public IReadOnlyDictionary<string, string?> Params { get; }

    public IReadOnlyDictionary<string, string> Vars { get; }

    public IReadOnlyList<BicepResource> Resources { get; }

    public IReadOnlyList<BicepModuleCall> Modules { get; }

    public static BicepFile Parse(string relativePath, string source) =>
        new(relativePath, BicepSyntax.StripComments(source));

    public IEnumerable<BicepResource> ResourcesOfType(string type) =>
        Resources.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase));

    private static BicepResource ReadResource(string text, Match match)
    {
        var body = Block(text, match.Index + match.Length, out var condition);
        return new BicepResource(match.Groups["symbol"].Value, match.Groups["type"].Value, match.Groups["version"].Value,
            match.Groups["existing"].Success, condition, body);
    }

    // After "= ": an optional "if (condition)", then the object literal.
    private static string Block(string text, int index, out string? condition)
    {
        condition = null;
        var i = SkipSpace(text, index);
        if (string.CompareOrdinal(text, i, "if", 0, 2) == 0)
        {
            var open = text.IndexOf('(', i);
            var close = BicepSyntax.MatchingClose(text, open);
            condition = text[(open + 1)..close].Trim();
            i = SkipSpace(text, close + 1);
        }

        if (i >= text.Length || text[i] != '{')
        {
            throw new FormatException($"Expected '{{' at offset {i}.");
        }

        return text[i..(BicepSyntax.MatchingClose(text, i) + 1)];
    }

    // The default of a param, or the value of a var: the rest of the line, or a whole bracketed literal.
    private static string? ValueAfter(string text, Match match)
    {
        if (!match.Groups["equals"].Success)
        {
            return null;
        }

        var i = SkipSpace(text, match.Index + match.Length);
        if (text[i] is '{' or '[')
        {
            return text[i..(BicepSyntax.MatchingClose(text, i) + 1)];
        }

        var end = text.IndexOf('\n', i);
        return (end < 0 ? text[i..] : text[i..end]).Trim();
    }

    private static int SkipSpace(string text, int index)
    {
        while (index < text.Length && char.IsWhiteSpace(text[index]))
        {
            index++;
        }

        return index;
    }

    [GeneratedRegex(@"^[ \t]*param[ \t]+(?<name>\w+)[ \t]+\w+(?<equals>[ \t]*=)?", RegexOptions.Multiline)]
    private static partial Regex ParamPattern();

    [GeneratedRegex(@"^[ \t]*var[ \t]+(?<name>\w+)(?<equals>[ \t]*=)", RegexOptions.Multiline)]
    private static partial Regex VarPattern();

    [GeneratedRegex(@"^[ \t]*resource[ \t]+(?<symbol>\w+)[ \t]+'(?<type>[^'@]+)@(?<version>[^']+)'[ \t]+(?<existing>existing[ \t]+)?=", RegexOptions.Multiline)]
    private static partial Regex ResourcePattern();

    [GeneratedRegex(@"^[ \t]*module[ \t]+(?<symbol>\w+)[ \t]+'(?<path>[^']+)'[ \t]*=", RegexOptions.Multiline)]
    private static partial Regex ModulePattern();
}
