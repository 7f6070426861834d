using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace CspUpgrades.LocalHost.FixtureApp.Http;

/// <summary>
/// A catch-all under Greet's route, every method (like an app's own "no such route" function): it sees only what no more
/// specific route matched, so it tells a route the host answers itself from one it leaves to the app.
/// </summary>
public sealed class GreetFallbackFunction
{
    public const string Answer = "greet fallback";

    [Function(nameof(GreetFallback))]
    public static IActionResult GreetFallback([HttpTrigger(AuthorizationLevel.Anonymous, Route = "greet/{*rest}")] HttpRequest request)
        => new ContentResult { StatusCode = StatusCodes.Status418ImATeapot, Content = Answer, ContentType = "text/plain" };
}
