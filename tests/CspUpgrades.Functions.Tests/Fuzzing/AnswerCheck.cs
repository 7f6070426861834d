using System.Text.Json;
using CspUpgrades.Functions.Http;

namespace CspUpgrades.Functions.Tests.Fuzzing;

/// <summary>What every answer to a hostile request must be: an expected 4xx, as this API's problem details.</summary>
public static class AnswerCheck
{
    /// <summary>The Functions host's default request body limit (FUNCTIONS_REQUEST_BODY_SIZE_LIMIT), in Azure and locally.</summary>
    private const long FunctionsHostRequestLimit = 100L * 1024 * 1024;

    /// <summary>
    /// Null when the answer is right; otherwise what is wrong with it. The Functions host in front of the app answers a few
    /// requests itself, with an empty body, before the app sees them — in Azure as under the local host: a path that
    /// normalizes outside the route prefix (404) and a declared body over the host's size limit (413). Anything else must
    /// be the app's problem details.
    /// </summary>
    public static string? Verify(FuzzRequest request, RawHttpResponse response)
    {
        if (response.Body.Length == 0 && response.Header("Content-Type") is null && AnsweredByTheHost(request, response.Status))
        {
            return null;
        }

        if (!request.Expected.Contains(response.Status))
        {
            return $"status {response.Status}, expected {string.Join(" or ", request.Expected.Order())}";
        }

        if (response.Status == 400 && response.Body.Length == 0 && request.Target.Contains("%00", StringComparison.OrdinalIgnoreCase))
        {
            // Kestrel refuses a percent-encoded NUL in the path itself, before any app code runs (and so does the
            // Functions host in front of it): a bare 400 is the transport's answer, not the app's.
            return null;
        }

        if (response.Status == 304)
        {
            // Not Modified (a conditional read that matched) has no body by definition (RFC 9110 15.4.5), only its ETag.
            return response.Body.Length == 0 && response.Header("ETag") is { Length: > 0 } ? null : "a 304 with a body or without its ETag";
        }

        if (response.Status is >= 200 and < 300)
        {
            // Only cases that say so may succeed (a harmless header on a real read); they must still answer properly.
            var media = response.Header("Content-Type") ?? string.Empty;
            return media.StartsWith("application/json", StringComparison.Ordinal) || media.StartsWith("text/csv", StringComparison.Ordinal)
                ? null
                : $"a success answered with Content-Type '{media}'";
        }

        if (response.Header("Content-Type")?.Split(';')[0].Trim() != "application/problem+json")
        {
            return $"Content-Type '{response.Header("Content-Type")}', expected application/problem+json";
        }

        if (request.Method == "HEAD")
        {
            // A HEAD answer has headers only, by definition.
            return null;
        }

        JsonElement problem;
        try
        {
            using var document = JsonDocument.Parse(response.Body);
            problem = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return "the problem is not JSON";
        }

        if (problem.ValueKind != JsonValueKind.Object)
        {
            return "the problem is not a JSON object";
        }

        if (!problem.TryGetProperty("status", out var status) || status.ValueKind != JsonValueKind.Number || status.GetInt32() != response.Status)
        {
            return "the problem's status is missing or differs from the HTTP status";
        }

        if (!problem.TryGetProperty("title", out var title) || string.IsNullOrWhiteSpace(title.GetString()))
        {
            return "the problem has no title";
        }

        if (!problem.TryGetProperty("code", out var code) || code.GetString() is not { Length: > 0 } codeText
            || !codeText.All(c => c is (>= 'a' and <= 'z') or '_'))
        {
            return "the problem has no snake_case code";
        }

        if (!problem.TryGetProperty("type", out var type) || type.GetString() != Problems.TypeBase + codeText)
        {
            return "the problem's type is not derived from its code";
        }

        return response.BodyText.Contains("   at ", StringComparison.Ordinal) ? "the problem contains a stack trace" : null;
    }

    private static bool AnsweredByTheHost(FuzzRequest request, int status) => status switch
    {
        404 => NormalizedPath(request.Target) is { } path && !path.StartsWith("/api/", StringComparison.Ordinal),
        413 => request.Framing == BodyFraming.DeclaredLength && request.DeclaredLength > FunctionsHostRequestLimit,
        _ => false,
    };

    /// <summary>The path with its dot segments removed, as a server resolves it; null if it is no path at all.</summary>
    private static string? NormalizedPath(string target) =>
        Uri.TryCreate(new Uri("http://host/"), target, out var resolved) ? resolved.AbsolutePath : null;
}
