using CspUpgrades.LocalHost.FixtureApp.Services;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace CspUpgrades.LocalHost.FixtureApp.Http;

/// <summary>Answers with the registered <see cref="IGreeter"/>'s greeting.</summary>
public sealed class GreetFunction(IGreeter greeter)
{
    [Function(nameof(Greet))]
    public IActionResult Greet([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "greet")] HttpRequest request)
        => new OkObjectResult(greeter.Greeting);
}
