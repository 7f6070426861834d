using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Azure.Functions.Worker;

namespace CspUpgrades.Functions.Http;

/// <summary>
/// Requests that no function's route and method match. The Functions host would answer them with an empty 404; the API
/// promises problem details for every answer, so a catch-all route (the lowest precedence: it sees only what nothing else
/// matched; no methods listed: every method) answers 404, or 405 with <c>Allow</c> when the path is a function's and only the
/// method is wrong.
/// </summary>
public sealed class AnswerUnmatchedRouteFunction
{
    public const string Name = "AnswerUnmatchedRoute";

    private static readonly (TemplateMatcher Matcher, string Method)[] Routes = ApiRoutes.All
        .Select(api => (new TemplateMatcher(TemplateParser.Parse("api/" + api.Route), new RouteValueDictionary()), api.Method))
        .ToArray();

    [Function(Name)]
    [ExcludeFromDescription]
    public static IResult AnswerUnmatchedRoute(
        [HttpTrigger(AuthorizationLevel.Anonymous, Route = "{*path}")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);

        // The request's own path, already decoded once: matching a string would decode it again (and refuse a "%00").
        var allowed = Routes.Where(route => route.Matcher.TryMatch(request.Path, new RouteValueDictionary())).Select(route => route.Method).Distinct().ToList();
        if (allowed.Count == 0)
        {
            return Problems.ForStatus(StatusCodes.Status404NotFound);
        }

        request.HttpContext.Response.Headers.Allow = string.Join(", ", allowed);
        return Problems.ForStatus(StatusCodes.Status405MethodNotAllowed);
    }
}
