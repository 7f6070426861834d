using System.Globalization;
using System.Text;

namespace CspUpgrades.Functions.Tests.Fuzzing;

/// <summary>JSON text written by hand, so it can say what a serializer never would (lone surrogates, duplicates, 10,000 levels).</summary>
public static class JsonText
{
    /// <summary>A JSON string literal. Quotes, backslashes, controls and surrogates are \u-escaped (a lone surrogate stays lone).</summary>
    public static string Quoted(string value)
    {
        var text = new StringBuilder("\"");
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                _ when c < ' ' || char.IsSurrogate(c) => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return text.Append('"').ToString();
    }

    /// <summary>Bytes that are not UTF-8, inside a string literal.</summary>
    public static readonly byte[][] InvalidUtf8Strings =
    [
        [(byte)'"', 0xFF, (byte)'"'],
        [(byte)'"', (byte)'a', 0xC0, 0xAF, (byte)'"'],
        [(byte)'"', 0xED, 0xA0, 0x80, (byte)'"'],
        [(byte)'"', 0xF8, 0x88, 0x80, 0x80, 0x80, (byte)'"'],
        [(byte)'"', 0xE2, 0x82, (byte)'"'],
        [(byte)'"', (byte)'o', (byte)'k', 0x80, (byte)'"'],
    ];

    /// <summary>Escaped lone and reversed surrogates: valid JSON syntax, invalid text.</summary>
    public static readonly string[] BrokenSurrogates = ["\"\\ud800\"", "\"a\\udfffb\"", "\"\\udc00\\ud800\"", "\"\\ud83d\"", "\"\\uDBFF\""];

    /// <summary>Values that are not JSON at all, or not finished.</summary>
    public static readonly string[] Malformed =
    [
        "", " ", "{", "}", "{\"", "{\"a\"", "{\"a\":", "{\"a\":}", "{,}", "{\"a\":1,}", "[1,]", "{'targetOffer':'x'}", "{targetOffer:\"x\"}",
        "{\"quantity\":01}", "{\"quantity\":+1}", "{\"quantity\":.5}", "{\"quantity\":NaN}", "{\"quantity\":Infinity}", "{\"quantity\":0x10}",
        "{\"a\":\"\\x41\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"tab\there\"}", "{\"a\":\"new\nline\"}", "{\"a\":1} {\"b\":2}", "{\"a\":1}]",
        "/* comment */ {}", "{} // comment", "\uFEFF{\"a\":1", "{\"a\":tru}", "{\"a\":nul}", "{\"a\":True}", "<xml/>", "a=1&b=2",
        "\u0000", "{\"a\u0000\":1}", "{\"a\":1e}", "{\"a\":-}", "{\"a\":\"unterminated}", "{{}}", "[[[", "]]]", "\"just a string",
    ];

    /// <summary>Well-formed JSON whose root is not an object.</summary>
    public static readonly string[] NotAnObject = ["null", "[]", "[{}]", "\"text\"", "5", "-1", "true", "false", "0.5", "[null]", "\"{}\""];

    /// <summary>Numbers no quantity may be: out of int range, fractional, exponent forms, too precise.</summary>
    public static readonly string[] NotAnInt =
    [
        "2147483648", "-2147483649", "9223372036854775808", "99999999999999999999999999999", "1e400", "-1e400", "1.5", "0.1", "5.0",
        "1e2", "1E+2", "1e-5", "-0.0", "4.9999999999999999999", "\"5\"", "\"1\"", "\" 1\"", "\"0x1\"", "\"\"", "true", "false", "[]", "[1]", "{}", "{\"value\":1}",
    ];

    /// <summary>Every JSON type but a string, for fields that must be strings.</summary>
    public static readonly string[] NotAString = ["5", "-1", "0", "1.5", "1e400", "true", "false", "[]", "[\"o365-enterprise-e3\"]", "{}", "{\"id\":\"x\"}"];

    /// <summary>Arrays (<c>[[[1]]]</c>) or objects (<c>{"a":{"a":1}}</c>) nested <paramref name="depth"/> levels, optionally never closed.</summary>
    public static string Nested(int depth, bool closed = true, bool objects = false)
    {
        var text = new StringBuilder(depth * 6);
        text.Insert(0, objects ? "{\"a\":" : "[", depth).Append('1');
        if (closed)
        {
            text.Append(objects ? '}' : ']', depth);
        }

        return text.ToString();
    }
}
