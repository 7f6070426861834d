using System.Globalization;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace CspUpgrades.Storage.Connection;

/// <summary>
/// Shared Key (the full scheme) for the Queue service: verb, the standard headers, every x-ms-* header
/// (sorted, lower-case) and the canonical resource with all query parameters. Runs per retry,
/// after <see cref="StorageDatePolicy"/> set a fresh date.
/// </summary>
internal sealed class QueueSharedKeyPolicy(StorageSharedKey key) : HttpPipelineSynchronousPolicy
{
    private static readonly string[] SignedHeaders =
    [
        "Content-Encoding", "Content-Language", "Content-Length", "Content-MD5", "Content-Type", "Date",
        "If-Modified-Since", "If-Match", "If-None-Match", "If-Unmodified-Since", "Range",
    ];

    public override void OnSendingRequest(HttpMessage message)
    {
        var request = message.Request;
        var signature = key.Sign(StringToSign(request, key.AccountName));
        request.Headers.SetValue("Authorization", $"SharedKey {key.AccountName}:{signature}");
    }

    internal static string StringToSign(Request request, string accountName)
    {
        var builder = new StringBuilder(256).Append(request.Method.Method).Append('\n');
        foreach (var header in SignedHeaders)
        {
            builder.Append(HeaderValue(request, header)).Append('\n');
        }

        var storageHeaders = request.Headers
            .Where(h => h.Name.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
            .Select(h => (Name: h.Name.ToLowerInvariant(), Value: h.Value.Trim()))
            .OrderBy(h => h.Name, StringComparer.Ordinal);
        foreach (var (name, value) in storageHeaders)
        {
            builder.Append(name).Append(':').Append(value).Append('\n');
        }

        var uri = request.Uri.ToUri();
        builder.Append('/').Append(accountName).Append(uri.AbsolutePath);
        var parameters = QueryParameters.Parse(uri.Query)
            .GroupBy(p => p.Name.ToLowerInvariant())
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var group in parameters)
        {
            builder.Append('\n').Append(group.Key).Append(':')
                .AppendJoin(',', group.Select(p => p.Value).Order(StringComparer.Ordinal));
        }

        return builder.ToString();
    }

    private static string HeaderValue(Request request, string name)
    {
        if (name == "Content-Length")
        {
            // Since version 2015-02-21 a zero length signs as the empty string.
            return request.Content is not null && request.Content.TryComputeLength(out var length) && length > 0
                ? length.ToString(CultureInfo.InvariantCulture)
                : string.Empty;
        }

        return request.Headers.TryGetValue(name, out var value) ? value : string.Empty;
    }
}
