using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace CspUpgrades.LocalHost.FixtureApp.Http;

/// <summary>
/// Answers with what it received: the route values (bound from trigger metadata), the query, the request's
/// <c>x-fixture-*</c> headers and its body, with the status code asked for in <c>?status=</c>.
/// </summary>
public sealed class EchoFunction
{
    [Function(nameof(Echo))]
    public static async Task<IActionResult> Echo(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "echo/{id:int}/{name?}")] HttpRequest request,
        int id,
        string? name)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        var status = int.TryParse(request.Query["status"], out var asked) ? asked : StatusCodes.Status200OK;
        var echo = new EchoResponse(
            request.Method,
            id,
            name,
            request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()),
            request.Headers.Where(h => h.Key.StartsWith("x-fixture-", StringComparison.OrdinalIgnoreCase))
                .ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
            body);
        request.HttpContext.Response.Headers["x-fixture-echo"] = "yes";
        return new ContentResult
        {
            StatusCode = status,
            ContentType = "application/json",
            Content = JsonSerializer.Serialize(echo),
        };
    }

    public sealed record EchoResponse(
        string Method, int Id, string? Name, Dictionary<string, string> Query, Dictionary<string, string> Headers, string Body);
}
