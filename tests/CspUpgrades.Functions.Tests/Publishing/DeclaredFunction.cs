namespace CspUpgrades.Functions.Tests.Publishing;

/// <summary>
/// A function as the Functions host must see it in <c>functions.metadata</c>: its name (part of the product surface:
/// logs, metrics and the admin endpoint use it) and its trigger. HTTP routes are below host.json's prefix, <c>api</c>.
/// </summary>
public sealed record DeclaredFunction(string Name, string Trigger, string? Method = null, string? Route = null, string? Queue = null, string? Schedule = null)
{
    /// <summary>The app's functions, written down: changing one of them is changing this list.</summary>
    public static IReadOnlyList<DeclaredFunction> All { get; } =
    [
        Http("ListCustomers", "get", "customers"),
        Http("ListSubscriptions", "get", "customers/{customerId}/subscriptions"),
        Http("GetSubscription", "get", "customers/{customerId}/subscriptions/{subscriptionId}"),
        Http("ListSubscriptionHistory", "get", "customers/{customerId}/subscriptions/{subscriptionId}/operations"),
        Http("CheckUpgradeEligibility", "get", "customers/{customerId}/subscriptions/{subscriptionId}/upgrades"),
        Http("RequestUpgrade", "post", "customers/{customerId}/subscriptions/{subscriptionId}/upgrades"),
        Http("GetUpgradeOperation", "get", "operations/{operationId}"),
        Http("ListEvents", "get", "events"),
        Http("AddLicenses", "post", "customers/{customerId}/subscriptions/{subscriptionId}/licenses"),
        Http("PreviewAddLicenses", "get", "customers/{customerId}/subscriptions/{subscriptionId}/licenses/preview"),
        Http("ReceiveSubscriptionEvent", "post", "webhooks/subscription-events"),
        Http("GetAuditReport", "get", "audits/{runId}"),
        Http("GetHealth", "get", "health"),
        Http("GetOpenApiDocument", "get", "openapi/v1.json"),
        Http("GetPartnerPortal", "get", "portal/{*asset}"),
        new("ExecuteUpgrade", "queueTrigger", Queue: "upgrade-requests"),
        new("FailPoisonedUpgrade", "queueTrigger", Queue: "upgrade-requests-poison"),
        new("AuditBlockedUpgrades", "timerTrigger", Schedule: "%AuditSchedule%"),
        new("SweepStuckOperations", "timerTrigger", Schedule: "%StuckOperationSweepSchedule%"),

        // Not the API: the problem details answer for any method on any path no function serves.
        new("AnswerUnmatchedRoute", "httpTrigger", Route: "{*path}"),
    ];

    /// <summary>The HTTP functions of the public API (docs/API.md, the OpenAPI document).</summary>
    public static IReadOnlyList<DeclaredFunction> Api { get; } =
        All.Where(function => function is { Trigger: "httpTrigger", Method: not null }).ToArray();

    /// <summary>As a request names it, e.g. <c>GET /api/health</c>.</summary>
    public string Request => $"{Method!.ToUpperInvariant()} /api/{Route}";

    private static DeclaredFunction Http(string name, string method, string route) => new(name, "httpTrigger", method, route);
}
