using System.Diagnostics;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace CspUpgrades.Functions.Http;

/// <summary>
/// Writes every problem details answer as <c>application/problem+json</c> with its <c>traceId</c>, whatever the request's
/// <c>Accept</c> says (docs/API.md, "Errors"). ASP.NET Core's own writer declines a request that accepts no JSON
/// (<c>text/csv</c>, <c>text/html</c>), and the result then falls back to a plain JSON body without the trace id a
/// partner's support request needs. First in line, so it writes them all.
/// </summary>
internal sealed class ProblemJsonWriter(IOptions<JsonOptions> json) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        problem.Extensions["traceId"] = Activity.Current?.Id ?? http.TraceIdentifier;
        var typeInfo = json.Value.SerializerOptions.GetTypeInfo(problem.GetType());
        return new ValueTask(http.Response.WriteAsJsonAsync(problem, typeInfo, "application/problem+json", http.RequestAborted));
    }
}
