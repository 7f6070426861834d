using System.Text.Json;
using System.Xml;
using Azure;
using Azure.Core;

namespace CspUpgrades.Storage.Connection;

/// <summary>
/// Reads Status/ErrorCode/message for <see cref="RequestFailedException"/> from the <c>x-ms-error-code</c> header,
/// the Table service's JSON (<c>{"odata.error":{"code","message":{"value"}}}</c>) or the XML <c>&lt;Error&gt;</c> body.
/// </summary>
internal sealed class StorageErrorParser : RequestFailedDetailsParser
{
    public static StorageErrorParser Instance { get; } = new();

    public static RequestFailedException CreateException(Response response) => new(response, null, Instance);

    public override bool TryParse(Response response, out ResponseError? error, out IDictionary<string, string>? data)
    {
        data = null;
        response.Headers.TryGetValue("x-ms-error-code", out var code);
        var (bodyCode, message) = ReadBody(response);
        code ??= bodyCode;
        error = code is null && message is null ? null : new ResponseError(code, message);
        return error is not null;
    }

    internal static (string? Code, string? Message) ReadBody(Response response)
    {
        try
        {
            var content = response.Content;
            if (content is null || content.ToMemory().IsEmpty)
            {
                return (null, null);
            }

            var span = content.ToMemory().Span.TrimStart(" \r\n\t"u8);
            return span.IsEmpty ? (null, null) : span[0] switch
            {
                (byte)'{' => ReadJson(content),
                (byte)'<' => ReadXml(content),
                _ => (null, null),
            };
        }
        catch (Exception e) when (e is JsonException or XmlException or InvalidOperationException)
        {
            // An unreadable body still leaves Status and the header's code on the exception.
            return (null, null);
        }
    }

    internal static (string? Code, string? Message) ReadJson(BinaryData content)
    {
        using var document = JsonDocument.Parse(content);
        var root = document.RootElement;
        if (!root.TryGetProperty("odata.error", out var odataError) && !root.TryGetProperty("error", out odataError))
        {
            return (null, null);
        }

        var code = odataError.TryGetProperty("code", out var c) ? c.GetString() : null;
        string? message = null;
        if (odataError.TryGetProperty("message", out var m))
        {
            message = m.ValueKind == JsonValueKind.Object && m.TryGetProperty("value", out var v) ? v.GetString() : m.ToString();
        }

        return (code, message);
    }

    private static (string? Code, string? Message) ReadXml(BinaryData content)
    {
        using var reader = XmlReader.Create(content.ToStream(), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        string? code = null, message = null;
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (reader.Name == "Code")
            {
                code = reader.ReadElementContentAsString();
            }
            else if (reader.Name == "Message")
            {
                message = reader.ReadElementContentAsString();
            }
        }

        return (code, message);
    }
}
