using System.Text;

namespace CspUpgrades.Infra.Tests.Checking;

/// <summary>
/// Just enough of Bicep's lexical rules to read plain templates: strings in single quotes (with
/// <c>\'</c> escapes and <c>${...}</c> interpolation, which may hold strings itself), line and block
/// comments, and nested <c>{}</c>, <c>[]</c>, <c>()</c>. Multi-line <c>'''</c> strings are not supported:
/// the templates do not use them, and <see cref="StripComments"/> refuses them rather than misread.
/// </summary>
public static class BicepSyntax
{
    /// <summary>The text with every comment removed; strings are kept as they are.</summary>
    public static string StripComments(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Contains("'''", StringComparison.Ordinal))
        {
            throw new FormatException("Multi-line ''' strings are not supported by this reader.");
        }

        var result = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '\'')
            {
                var end = SkipString(text, i);
                result.Append(text, i, end - i);
                i = end;
            }
            else if (At(text, i, "//"))
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }
            }
            else if (At(text, i, "/*"))
            {
                var close = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (close < 0)
                {
                    throw new FormatException("Unterminated block comment.");
                }

                // Keep the line count, so a later reader's positions still mean something.
                result.Append('\n', text.AsSpan(i, close + 2 - i).Count('\n'));
                i = close + 2;
            }
            else
            {
                result.Append(text[i]);
                i++;
            }
        }

        return result.ToString();
    }

    /// <summary>The index of the bracket that closes the one at <paramref name="open"/>, skipping strings.</summary>
    public static int MatchingClose(string text, int open)
    {
        ArgumentNullException.ThrowIfNull(text);
        var expected = new Stack<char>();
        expected.Push(Closing(text[open]));
        var i = open + 1;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\'')
            {
                i = SkipString(text, i);
                continue;
            }

            if (c is '{' or '[' or '(')
            {
                expected.Push(Closing(c));
            }
            else if (c is '}' or ']' or ')')
            {
                if (expected.Pop() != c)
                {
                    throw new FormatException($"Mismatched '{c}' at offset {i}.");
                }

                if (expected.Count == 0)
                {
                    return i;
                }
            }

            i++;
        }

        throw new FormatException($"Unclosed '{text[open]}' at offset {open}.");
    }

    /// <summary>
    /// The members of an object literal (<paramref name="objectText"/> includes its braces), in order: each
    /// key (quotes removed) with its value's text. Members are separated by new lines or commas.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Members(string objectText)
    {
        var members = new List<KeyValuePair<string, string>>();
        foreach (var segment in Segments(Inner(objectText, '{')))
        {
            var colon = TopLevelIndexOf(segment, ':');
            if (colon < 0)
            {
                throw new FormatException($"Not an object member: {segment}");
            }

            var key = segment[..colon].Trim();
            members.Add(new(StringLiteral(key) ?? key, segment[(colon + 1)..].Trim()));
        }

        return members;
    }

    /// <summary>The value of member <paramref name="key"/> of an object literal, or null.</summary>
    public static string? Member(string objectText, string key) =>
        Members(objectText).Where(m => m.Key == key).Select(m => m.Value).FirstOrDefault();

    /// <summary>The items of an array literal (<paramref name="arrayText"/> includes its brackets).</summary>
    public static IReadOnlyList<string> Items(string arrayText) => Segments(Inner(arrayText, '['));

    /// <summary>The value of a plain string literal (<c>'abc'</c>), or null for anything else, interpolations included.</summary>
    public static string? StringLiteral(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var text = expression.Trim();
        if (text.Length < 2 || text[0] != '\'' || SkipString(text, 0) != text.Length || text.Contains("${", StringComparison.Ordinal))
        {
            return null;
        }

        return text[1..^1].Replace("\\'", "'", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
    }

    /// <summary>The index just past the string that starts at <paramref name="start"/> (a single quote).</summary>
    public static int SkipString(string text, int start)
    {
        ArgumentNullException.ThrowIfNull(text);
        var i = start + 1;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\\')
            {
                i += 2;
            }
            else if (c == '\'')
            {
                return i + 1;
            }
            else if (At(text, i, "${"))
            {
                i = MatchingClose(text, i + 1) + 1;
            }
            else
            {
                i++;
            }
        }

        throw new FormatException($"Unterminated string at offset {start}.");
    }

    private static string Inner(string text, char open)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.Length < 2 || trimmed[0] != open || MatchingClose(trimmed, 0) != trimmed.Length - 1)
        {
            throw new FormatException($"Expected a literal in '{open}{Closing(open)}', got: {Shorten(trimmed)}");
        }

        return trimmed[1..^1];
    }

    // Splits at new lines and commas that are not inside brackets or strings; drops empty segments.
    private static List<string> Segments(string inner)
    {
        var segments = new List<string>();
        var start = 0;
        var i = 0;
        while (i <= inner.Length)
        {
            if (i == inner.Length || inner[i] is '\n' or ',')
            {
                var segment = inner[start..i].Trim();
                if (segment.Length > 0)
                {
                    segments.Add(segment);
                }

                start = i + 1;
                i++;
            }
            else if (inner[i] == '\'')
            {
                i = SkipString(inner, i);
            }
            else if (inner[i] is '{' or '[' or '(')
            {
                i = MatchingClose(inner, i) + 1;
            }
            else
            {
                i++;
            }
        }

        return segments;
    }

    private static int TopLevelIndexOf(string text, char wanted)
    {
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == wanted)
            {
                return i;
            }

            i = text[i] switch
            {
                '\'' => SkipString(text, i),
                '{' or '[' or '(' => MatchingClose(text, i) + 1,
                _ => i + 1,
            };
        }

        return -1;
    }

    private static char Closing(char open) => open switch
    {
        '{' => '}',
        '[' => ']',
        '(' => ')',
        _ => throw new FormatException($"'{open}' is not an opening bracket."),
    };

    private static bool At(string text, int index, string value) =>
        string.CompareOrdinal(text, index, value, 0, value.Length) == 0;

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
