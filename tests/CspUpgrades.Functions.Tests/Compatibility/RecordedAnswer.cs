using System.Text.Json.Nodes;

namespace CspUpgrades.Functions.Tests.Compatibility;

/// <summary>
/// What a caller acts on in one answer: status, content type, the headers a client reads, and the body with what differs
/// per call by nature masked (problem details' traceId, once checked to be W3C; operation and billing line ids; times).
/// </summary>
public sealed record RecordedAnswer(
    int Status, string? ContentType, string Allow, string? WwwAuthenticate, string? RetryAfter, string? ETag, bool HasLocation, string Body)
{
    public static async Task<RecordedAnswer> OfAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return new RecordedAnswer(
            (int)response.StatusCode,
            response.Content.Headers.ContentType?.ToString(),
            AllowedMethods(response),
            Header(response, "WWW-Authenticate"),
            Header(response, "Retry-After"),
            Header(response, "ETag"),
            response.Headers.Location is not null,
            await ComparableBodyAsync(response));
    }

    /// <summary>The methods in <c>Allow</c>, in any order (a content header when the answer has a body).</summary>
    private static string AllowedMethods(HttpResponseMessage response) =>
        string.Join(", ", response.Content.Headers.Allow.Concat(response.Headers.TryGetValues("Allow", out var values) ? values : []).Order(StringComparer.Ordinal));

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;

    private static async Task<string> ComparableBodyAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (body.Length == 0 || response.Content.Headers.ContentType?.MediaType?.EndsWith("json", StringComparison.Ordinal) != true || JsonNode.Parse(body) is not JsonObject json)
        {
            return body;
        }

        if (json["traceId"] is { } traceId)
        {
            Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$", traceId.GetValue<string>());
            json.Remove("traceId");
        }

        Mask(json);
        return json.ToJsonString();
    }

    private static void Mask(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject json:
                foreach (var name in json.Select(property => property.Key).ToList())
                {
                    if (name is "id" or "lineId" or "createdAt")
                    {
                        json[name] = "(masked)";
                    }
                    else
                    {
                        Mask(json[name]);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Mask(item);
                }

                break;
        }
    }
}
