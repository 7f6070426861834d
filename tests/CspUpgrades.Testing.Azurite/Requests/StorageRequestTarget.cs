using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CspUpgrades.Testing.Azurite.Requests;

/// <summary>
/// What a request is about, read back from the request the SDK built: the table or queue from the URL, the entity
/// address <c>table(PartitionKey='…',RowKey='…')</c>, the <c>$filter</c>, and for inserts and entity group transactions
/// the keys in the body (a transaction's parts are read from its multipart body). For diagnostics and the tenant-isolation
/// tests only: nothing here builds a request.
/// </summary>
internal sealed partial record StorageRequestTarget(string? Resource, string? Filter, IReadOnlyList<(string PartitionKey, string RowKey)> Entities)
{
    private static readonly StorageRequestTarget Nothing = new(null, null, []);

    public IReadOnlyList<string> RowKeys => [.. Entities.Select(e => e.RowKey)];

    public IReadOnlySet<string>? Partitions => Filter is not null
        ? FilterPartitions.Reachable(Filter)
        : Entities.Count > 0 ? Entities.Select(e => e.PartitionKey).ToHashSet(StringComparer.Ordinal) : null;

    public string? PartitionKey => Partitions is { Count: 1 } single ? single.First() : null;

    public static StorageRequestTarget Read(StorageService service, Uri uri, string method, byte[]? body)
    {
        try
        {
            var segment = ResourceSegment(uri);
            if (segment is null)
            {
                return Nothing;
            }

            if (service == StorageService.Queue)
            {
                return new StorageRequestTarget(segment, null, []);
            }

            if (segment == "$batch")
            {
                return ReadBatch(body);
            }

            return ReadTableRequest(uri, segment, method, body);
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException or UriFormatException)
        {
            // An unreadable request is about nothing we can name; the isolation checks then refuse it.
            return Nothing;
        }
    }

    private static StorageRequestTarget ReadTableRequest(Uri uri, string segment, string method, byte[]? body)
    {
        if (EntityAddress().Match(segment) is { Success: true } address)
        {
            return new StorageRequestTarget(address.Groups["table"].Value, null, [(Literal(address.Groups["pk"].Value), Literal(address.Groups["rk"].Value))]);
        }

        if (segment.EndsWith("()", StringComparison.Ordinal))
        {
            return new StorageRequestTarget(segment[..^2], FilterOf(uri), []);
        }

        if (segment.StartsWith("Tables", StringComparison.Ordinal))
        {
            return Nothing;
        }

        // An insert: POST /{table} with the keys in the JSON body.
        return method == "POST" && body is not null && Keys(body) is { } keys
            ? new StorageRequestTarget(segment, null, [keys])
            : new StorageRequestTarget(segment, null, []);
    }

    /// <summary>The parts of a <c>$batch</c> body: each has a request line with an absolute URL and, for inserts, a JSON body.</summary>
    private static StorageRequestTarget ReadBatch(byte[]? body)
    {
        if (body is null)
        {
            return Nothing;
        }

        string? table = null;
        var entities = new List<(string, string)>();
        foreach (var part in BatchPartSeparator().Split(Encoding.UTF8.GetString(body)))
        {
            if (RequestLine().Match(part) is not { Success: true } line)
            {
                continue;
            }

            var target = ReadTableRequest(new Uri(line.Groups["url"].Value), ResourceSegment(new Uri(line.Groups["url"].Value)) ?? string.Empty, line.Groups["method"].Value, JsonBody(part));
            table ??= target.Resource;
            entities.AddRange(target.Entities);
        }

        return new StorageRequestTarget(table, null, entities);
    }

    /// <summary>The first path segment after the account (Azurite's URLs are path-style: <c>/devstoreaccount1/table…</c>), unescaped.</summary>
    private static string? ResourceSegment(Uri uri)
    {
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var pathStyle = uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 || uri.IsLoopback;
        var index = pathStyle ? 1 : 0;
        return segments.Length > index ? Uri.UnescapeDataString(segments[index]) : null;
    }

    private static string? FilterOf(Uri uri)
    {
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && WebUtility.UrlDecode(pair[..equals]) == "$filter")
            {
                return WebUtility.UrlDecode(pair[(equals + 1)..]);
            }
        }

        return null;
    }

    private static byte[]? JsonBody(string part)
    {
        var start = part.IndexOf('{', StringComparison.Ordinal);
        var end = part.LastIndexOf('}');
        return start >= 0 && end > start ? Encoding.UTF8.GetBytes(part[start..(end + 1)]) : null;
    }

    private static (string, string)? Keys(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return root.ValueKind == JsonValueKind.Object
            && root.TryGetProperty(nameof(PartitionKey), out var pk) && pk.ValueKind == JsonValueKind.String
            && root.TryGetProperty("RowKey", out var rk) && rk.ValueKind == JsonValueKind.String
            ? (pk.GetString()!, rk.GetString()!)
            : null;
    }

    // Inside the address a quote is doubled.
    private static string Literal(string text) => text.Replace("''", "'", StringComparison.Ordinal);

    [GeneratedRegex(@"^(?<table>[^(]+)\(PartitionKey='(?<pk>(?:[^']|'')*)',\s*RowKey='(?<rk>(?:[^']|'')*)'\)$")]
    private static partial Regex EntityAddress();

    [GeneratedRegex(@"^(?<method>GET|POST|PUT|PATCH|MERGE|DELETE) (?<url>\S+) HTTP/1\.1\r?$", RegexOptions.Multiline)]
    private static partial Regex RequestLine();

    [GeneratedRegex(@"^--(?:batch|changeset)\S*\r?$", RegexOptions.Multiline)]
    private static partial Regex BatchPartSeparator();
}
