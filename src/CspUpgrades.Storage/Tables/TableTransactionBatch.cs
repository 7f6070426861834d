using System.Buffers;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Core;
using CspUpgrades.Storage.Connection;

namespace CspUpgrades.Storage.Tables;

/// <summary>
/// The <c>$batch</c> wire format of an entity group transaction: a <c>multipart/mixed</c> body holding one changeset
/// whose parts are HTTP requests with absolute URLs; and the answer, which is <c>202</c> even when the changeset failed.
/// </summary>
internal static class TableTransactionBatch
{
    public const int MaxActions = 100;

    /// <summary>Refuses, before anything is sent, what the service (or, worse, only the real service) would refuse.</summary>
    public static string Validate(IReadOnlyList<TableTransactionAction> actions)
    {
        if (actions.Count is 0 or > MaxActions)
        {
            throw new ArgumentException($"A transaction holds 1 to {MaxActions} actions; this one has {actions.Count}.", nameof(actions));
        }

        var partitionKey = TableKeys.Validate(actions[0].Entity.PartitionKey, "PartitionKey");
        for (var i = 0; i < actions.Count; i++)
        {
            var entity = actions[i].Entity;
            TableKeys.Validate(entity.RowKey, "RowKey");
            if (!string.Equals(entity.PartitionKey, partitionKey, StringComparison.Ordinal))
            {
                // Azurite would accept it; the real service would not. Neither may see it.
                throw new ArgumentException($"All actions of a transaction share one PartitionKey; action {i} has another.", nameof(actions));
            }
        }

        return partitionKey;
    }

    public static RequestContent CreateContent(IReadOnlyList<TableTransactionAction> actions, string serviceUrl, string tableName, string batchBoundary)
    {
        var changesetBoundary = "changeset_" + Guid.NewGuid().ToString("N");
        var body = new ArrayBufferWriter<byte>(512 * actions.Count);
        Ascii(body, $"--{batchBoundary}\r\nContent-Type: multipart/mixed; boundary={changesetBoundary}\r\n\r\n");
        var tableUrl = serviceUrl + "/" + tableName;
        using var json = new Utf8JsonWriter(body);
        foreach (var action in actions)
        {
            var entity = action.Entity;
            var entityUrl = serviceUrl + TableKeys.EntityPath(tableName, entity.PartitionKey!, entity.RowKey!);
            var (method, url, ifMatch, hasBody) = action.ActionType switch
            {
                TableTransactionActionType.Add => ("POST", tableUrl, null, true),
                TableTransactionActionType.UpdateMerge => ("MERGE", entityUrl, IfMatch(action.ETag), true),
                TableTransactionActionType.UpdateReplace => ("PUT", entityUrl, IfMatch(action.ETag), true),
                TableTransactionActionType.UpsertMerge => ("MERGE", entityUrl, null, true),
                TableTransactionActionType.UpsertReplace => ("PUT", entityUrl, null, true),
                TableTransactionActionType.Delete => ("DELETE", entityUrl, IfMatch(action.ETag), false),
                _ => throw new ArgumentOutOfRangeException(nameof(actions), action.ActionType, "Unknown transaction action."),
            };

            Ascii(body, $"--{changesetBoundary}\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n");
            Ascii(body, $"{method} {url} HTTP/1.1\r\nAccept: application/json;odata=minimalmetadata\r\nDataServiceVersion: 3.0\r\n");
            if (ifMatch is not null)
            {
                Ascii(body, $"If-Match: {ifMatch}\r\n");
            }

            if (hasBody)
            {
                Ascii(body, "Content-Type: application/json\r\nPrefer: return-no-content\r\n\r\n");
                json.Reset(body);
                TableEntityWriter.Write(json, entity);
                json.Flush();
            }

            Ascii(body, "\r\n");
        }

        Ascii(body, $"--{changesetBoundary}--\r\n--{batchBoundary}--\r\n");
        return RequestContent.Create(body.WrittenMemory);
    }

    /// <summary>Per-action ETags on success (empty for deletes); throws <see cref="TableTransactionFailedException"/> otherwise.</summary>
    public static IReadOnlyList<ETag> ReadResponse(Response response, int actionCount)
    {
        var text = response.Content.ToString();
        var changeset = Boundary(text, "boundary=changesetresponse_") ?? throw Unreadable(response);
        var parts = text.Split("--" + changeset, StringSplitOptions.None);
        var results = new List<ETag>(actionCount);
        foreach (var part in parts.Skip(1))
        {
            var statusLine = part.IndexOf("HTTP/1.1 ", StringComparison.Ordinal);
            if (statusLine < 0)
            {
                continue; // The closing "--" of the changeset.
            }

            var status = int.Parse(part.AsSpan(statusLine + 9, 3), provider: System.Globalization.CultureInfo.InvariantCulture);
            var (headers, partBody) = SplitHeaders(part[statusLine..]);
            if (status >= 400)
            {
                throw Failure(status, headers, partBody);
            }

            results.Add(headers.TryGetValue("ETag", out var etag) ? new ETag(etag) : default);
        }

        if (results.Count != actionCount)
        {
            throw Unreadable(response);
        }

        return results;
    }

    private static TableTransactionFailedException Failure(int status, Dictionary<string, string> headers, string body)
    {
        var (code, message) = body.TrimStart().StartsWith('{')
            ? StorageErrorParser.ReadJson(BinaryData.FromString(body))
            : (null, null);
        message ??= string.Empty;

        // The service prefixes the message with the failing action's 0-based index: "1:The specified entity already exists."
        int? index = null;
        var colon = message.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && int.TryParse(message.AsSpan(0, colon), System.Globalization.CultureInfo.InvariantCulture, out var prefix))
        {
            index = prefix;
            message = message[(colon + 1)..];
        }
        else if (headers.TryGetValue("Content-ID", out var contentId) && int.TryParse(contentId, System.Globalization.CultureInfo.InvariantCulture, out var id))
        {
            index = id - 1;
        }

        var firstLine = message.Split('\n', 2)[0].Trim();
        return new TableTransactionFailedException(
            status,
            code,
            index,
            $"The transaction failed at action {index?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}; nothing was applied. Status: {status}, ErrorCode: {code}. {firstLine}");
    }

    private static (Dictionary<string, string> Headers, string Body) SplitHeaders(string part)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var end = part.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = end < 0 ? part : part[..end];
        foreach (var line in head.Split("\r\n").Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }

        return (headers, end < 0 ? string.Empty : part[(end + 4)..].Trim());
    }

    private static string? Boundary(string text, string marker)
    {
        var start = text.IndexOf(marker, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        start += "boundary=".Length;
        var end = text.IndexOfAny(['\r', '\n', ';'], start);
        return end < 0 ? null : text[start..end].Trim();
    }

    private static string IfMatch(ETag etag) => etag == default ? "*" : etag.ToString("H");

    private static RequestFailedException Unreadable(Response response) =>
        new(response.Status, "The $batch answer could not be read; the transaction's outcome is unknown.", "UnreadableBatchResponse", null);

    private static void Ascii(IBufferWriter<byte> body, string text) => Encoding.UTF8.GetBytes(text, body);
}
