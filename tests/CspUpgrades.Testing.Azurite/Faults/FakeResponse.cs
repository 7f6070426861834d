using System.Diagnostics.CodeAnalysis;
using System.Text;
using Azure;
using Azure.Core;

namespace CspUpgrades.Testing.Azurite.Faults;

/// <summary>A canned HTTP answer for transports that stand in for storage.</summary>
public sealed class FakeResponse(int status, string body = "", params (string Name, string Value)[] headers) : Response
{
    private readonly List<HttpHeader> _headers = [.. headers.Select(h => new HttpHeader(h.Name, h.Value))];

    public override int Status => status;

    public override string ReasonPhrase => status.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public override Stream? ContentStream { get; set; } = new MemoryStream(Encoding.UTF8.GetBytes(body));

    public override string ClientRequestId { get; set; } = string.Empty;

    public override void Dispose() => ContentStream?.Dispose();

    protected override bool ContainsHeader(string name) => _headers.Any(h => Is(h, name));

    protected override IEnumerable<HttpHeader> EnumerateHeaders() => _headers;

    protected override bool TryGetHeader(string name, [NotNullWhen(true)] out string? value)
    {
        value = _headers.FirstOrDefault(h => Is(h, name)).Value;
        return value is not null;
    }

    protected override bool TryGetHeaderValues(string name, [NotNullWhen(true)] out IEnumerable<string>? values)
    {
        values = _headers.Where(h => Is(h, name)).Select(h => h.Value).ToList();
        return values.Any();
    }

    private static bool Is(HttpHeader header, string name) => string.Equals(header.Name, name, StringComparison.OrdinalIgnoreCase);
}
