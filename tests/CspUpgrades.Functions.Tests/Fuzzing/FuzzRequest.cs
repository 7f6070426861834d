using System.Globalization;
using System.Text;

namespace CspUpgrades.Functions.Tests.Fuzzing;

/// <summary>How the body is framed on the wire: honestly, chunked without a length, or with a length that lies.</summary>
public enum BodyFraming
{
    ContentLength,
    Chunked,
    DeclaredLength,
}

/// <summary>
/// One hostile request, byte for byte: the request target is sent exactly as given (no client
/// normalises its dots or escapes), so it reaches the app the way an attacker would send it.
/// <see cref="Expected"/> lists the statuses a correct answer may have; every one is a 4xx problem.
/// </summary>
public sealed record FuzzRequest(string Class, string Method, string Target, IReadOnlyList<(string Name, string Value)> Headers, byte[]? Body)
{
    public BodyFraming Framing { get; init; } = BodyFraming.ContentLength;

    /// <summary>The Content-Length sent with <see cref="BodyFraming.DeclaredLength"/>.</summary>
    public long DeclaredLength { get; init; }

    public IReadOnlySet<int> Expected { get; init; } = new HashSet<int> { 400 };

    /// <summary>The client ends its stream after a body shorter than its Content-Length; the server may then close without answering.</summary>
    public bool EndsEarly { get; init; }

    /// <summary>Sent on a connection of its own, closed afterwards (its framing may leave the connection unusable).</summary>
    public bool NeedsOwnConnection => Framing != BodyFraming.ContentLength || Body is { Length: > 64 * 1024 };

    public FuzzRequest Expecting(params int[] statuses) => this with { Expected = statuses.ToHashSet() };

    public FuzzRequest WithHeader(string name, string value) => this with { Headers = [.. Headers, (name, value)] };

    public FuzzRequest WithoutHeader(string name) =>
        this with { Headers = Headers.Where(h => !h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).ToList() };

    /// <summary>The request as a reader of a failure message needs it: printable, long parts shortened.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append('[').Append(Class).Append("] ").Append(Method).Append(' ').Append(Shorten(Target, 300)).Append('\n');
        foreach (var (name, value) in Headers)
        {
            text.Append("  ").Append(name).Append(": ").Append(Shorten(Escape(value), 200)).Append('\n');
        }

        text.Append("  (framing ").Append(Framing);
        if (Framing == BodyFraming.DeclaredLength)
        {
            text.Append(", Content-Length: ").Append(DeclaredLength.ToString(CultureInfo.InvariantCulture));
        }

        text.Append(")\n");
        if (Body is not null)
        {
            text.Append("  body (").Append(Body.Length.ToString(CultureInfo.InvariantCulture)).Append(" bytes): ")
                .Append(Shorten(Escape(Encoding.Latin1.GetString(Body)), 1500));
        }

        return text.ToString();
    }

    private static string Escape(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            text.Append(c is < ' ' or > '~' ? $"\\x{(int)c:X2}" : c.ToString());
        }

        return text.ToString();
    }

    private static string Shorten(string value, int max) =>
        value.Length <= max ? value : string.Concat(value.AsSpan(0, max), $"… ({value.Length} chars)");
}
