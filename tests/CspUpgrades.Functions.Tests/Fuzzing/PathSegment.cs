using System.Text;

namespace CspUpgrades.Functions.Tests.Fuzzing;

/// <summary>
/// Puts a hostile value into one path segment the ways an attacker would: percent-encoded, double
/// encoded, or with dots, slashes and escapes left raw. Raw bytes HTTP forbids in a request target
/// (controls, spaces, non-ASCII) are always encoded, as a real client must do for them to reach the app.
/// </summary>
public static class PathSegment
{
    public static string Encode(Random random, string value) => random.Next(4) switch
    {
        0 => Escape(value, keepRaw: static _ => false),
        1 => Escape(Escape(value, keepRaw: static _ => false), keepRaw: static _ => false),
        // Sub-delimiters, quotes, percent signs and slashes as they are: the route sees them decoded or split.
        _ => Escape(value, keepRaw: static c => c is '%' or '/' or '\'' or '(' or ')' or '*' or '+' or ',' or ';' or '=' or ':' or '@' or '!' or '$' or '&'),
    };

    private static string Escape(string value, Func<char, bool> keepRaw)
    {
        var text = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            text.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' || (b < 0x80 && keepRaw(c)) ? c.ToString() : $"%{b:X2}");
        }

        return text.ToString();
    }
}
