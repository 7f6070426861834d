using System.Net;
using System.Text.Json;
using CspUpgrades.Functions.Http;

namespace CspUpgrades.Functions.Tests.Http.Support;

/// <summary>The routes of the partner API.</summary>
public static class Routes
{
    public static string Upgrades(string customerId, string subscriptionId) =>
        $"/api/customers/{customerId}/subscriptions/{subscriptionId}/upgrades";

    public static string Subscriptions(string customerId) => "/api/customers/" + customerId + "/subscriptions";

    public static string Subscription(string customerId, string subscriptionId) =>
        "/api/customers/" + customerId + "/subscriptions/" + subscriptionId;

    public static string Licenses(string customerId, string subscriptionId) =>
        $"/api/customers/{customerId}/subscriptions/{subscriptionId}/licenses";

    public static string History(string customerId, string subscriptionId) =>
        $"/api/customers/{customerId}/subscriptions/{subscriptionId}/operations";

    public static string Operation(string operationId) => "/api/operations/" + operationId;

    public static string Audit(string runId = "latest") => "/api/audits/" + runId;

    public static string Events(string? after = null, int? limit = null)
    {
        string?[] query = [after is null ? null : "after=" + Uri.EscapeDataString(after), limit is null ? null : $"limit={limit}"];
        return "/api/events" + (query.Any(part => part is not null) ? "?" + string.Join('&', query.OfType<string>()) : "");
    }

    public const string Webhooks = "/api/webhooks/subscription-events";
}

/// <summary>Assertions on RFC 9457 problem details as this API writes them.</summary>
public static class ProblemAssert
{
    /// <summary>Status, media type, <c>code</c> and the <c>type</c> derived from it; returns the problem for further checks.</summary>
    public static async Task<JsonElement> IsAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status} {code}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal(Problems.TypeBase + code, problem.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        return problem;
    }

    /// <summary>A 400 <c>invalid_request</c> whose <c>errors</c> name <paramref name="field"/>.</summary>
    public static async Task<JsonElement> IsInvalidFieldAsync(HttpResponseMessage response, string field)
    {
        var problem = await IsAsync(response, HttpStatusCode.BadRequest, "invalid_request");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name '{field}': {problem}");
        return problem;
    }

    /// <summary>A 400 <c>malformed_body</c> whose detail names the JSON path of <paramref name="field"/>.</summary>
    public static async Task<JsonElement> IsMalformedAtAsync(HttpResponseMessage response, string field)
    {
        var problem = await IsAsync(response, HttpStatusCode.BadRequest, "malformed_body");
        Assert.Contains($"'$.{field}'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        return problem;
    }

    /// <summary>The codes of the problem's <c>upgradeErrors</c>.</summary>
    public static IReadOnlyList<string> UpgradeErrorCodes(JsonElement problem) =>
        problem.GetProperty("upgradeErrors").EnumerateArray().Select(e => e.GetProperty("code").GetString()!).ToList();
}
