using System.Text.Json;

namespace CspUpgrades.Functions.Http;

/// <summary>
/// Reads a request body strictly: size capped before any parsing, JSON only, unknown and duplicate
/// properties rejected, nesting limited. Failures are problem details naming what was wrong.
/// </summary>
public static class JsonBody
{
    public const int DefaultLimitBytes = 16 * 1024;

    private static readonly JsonSerializerOptions Strict = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
        MaxDepth = 8,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict,
        // Before the enums' own converters, which also accept numbers ("status": 1) and would store undefined values.
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false) },
    };

    public static async Task<BodyResult<T>> ReadAsync<T>(HttpRequest request, int limitBytes = DefaultLimitBytes)
        where T : class
    {
        var bytes = await ReadCappedAsync(request, limitBytes);
        if (bytes.Problem is not null)
        {
            return new(null, bytes.Problem);
        }

        return Parse<T>(bytes.Content);
    }

    /// <summary>Parses bytes already read (and, for webhooks, verified) with the same strict rules.</summary>
    public static BodyResult<T> Parse<T>(byte[] content)
        where T : class
    {
        try
        {
            var value = JsonSerializer.Deserialize<T>(content, Strict);
            return value is null ? new(null, Problems.MalformedBody("The body must be a JSON object.")) : new(value, null);
        }
        catch (JsonException ex)
        {
            return new(null, Problems.MalformedBody(Describe(ex)));
        }
    }

    /// <summary>The raw bytes (webhooks verify a signature over them before parsing).</summary>
    public static async Task<(byte[] Content, IResult? Problem)> ReadCappedAsync(HttpRequest request, int limitBytes)
    {
        if (request.ContentLength > limitBytes)
        {
            return ([], Problems.TooLarge(limitBytes));
        }

        if (!IsJson(request.ContentType))
        {
            return ([], Problems.UnsupportedMediaType());
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > limitBytes)
            {
                return ([], Problems.TooLarge(limitBytes));
            }

            buffer.Write(chunk, 0, read);
        }

        return (buffer.ToArray(), null);
    }

    /// <summary>
    /// The media type is application/json or a subset of it (parameters such as charset, a <c>+json</c> suffix), matched
    /// as the framework's <c>Accepts("application/json")</c> matches: <c>application/jsonp</c> is not JSON.
    /// </summary>
    private static bool IsJson(string? contentType) =>
        !string.IsNullOrWhiteSpace(contentType)
        && Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && new Microsoft.AspNetCore.Mvc.Formatters.MediaType(parsed.MediaType).IsSubsetOf(JsonMediaType);

    private static readonly Microsoft.AspNetCore.Mvc.Formatters.MediaType JsonMediaType = new("application/json");

    // The serializer's message names the JSON path and the problem; it carries no internal detail.
    private static string Describe(JsonException ex) =>
        ex.Path is { Length: > 0 } path ? $"Invalid value at '{path}'." + Hint(ex) : "The body is not valid JSON." + Hint(ex);

    private static string Hint(JsonException ex) =>
        ex.Message.Contains("could not be mapped", StringComparison.Ordinal) ? " Unknown property." :
        ex.Message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase) ? " Duplicate property." :
        ex.Message.Contains("depth", StringComparison.OrdinalIgnoreCase) ? " Too deeply nested." : string.Empty;
}

public sealed record BodyResult<T>(T? Value, IResult? Problem) where T : class;
