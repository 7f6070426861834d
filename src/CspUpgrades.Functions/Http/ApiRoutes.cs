namespace CspUpgrades.Functions.Http;

/// <summary>
/// The API's HTTP functions by route (below host.json's route prefix, <c>api</c>) and method. Each function's trigger names
/// its route from here, and <see cref="AnswerUnmatchedRouteFunction"/> tells a wrong method (405) from a path no function
/// serves (404) by this list; a test holds it to the functions the build declares.
/// </summary>
public static class ApiRoutes
{
    public const string Customers = "customers";
    public const string Upgrades = "customers/{customerId}/subscriptions/{subscriptionId}/upgrades";
    public const string Subscriptions = "customers/{customerId}/subscriptions";
    public const string Subscription = "customers/{customerId}/subscriptions/{subscriptionId}";
    public const string Licenses = "customers/{customerId}/subscriptions/{subscriptionId}/licenses";
    public const string LicensesPreview = "customers/{customerId}/subscriptions/{subscriptionId}/licenses/preview";
    public const string SubscriptionHistory = "customers/{customerId}/subscriptions/{subscriptionId}/operations";
    public const string Operation = "operations/{operationId}";
    public const string Events = "events";
    public const string SubscriptionEvents = "webhooks/subscription-events";
    public const string Audit = "audits/{runId}";
    public const string Health = "health";
    public const string OpenApiDocument = "openapi/v1.json";

    /// <summary>The partner page and its files (<c>/api/portal/</c>), served by the app; not part of the API's description.</summary>
    public const string PartnerPortal = "portal/{*asset}";

    public static IReadOnlyList<(string Method, string Route)> All { get; } =
    [
        ("GET", Customers), ("GET", Subscriptions), ("GET", Subscription), ("GET", SubscriptionHistory), ("GET", Upgrades), ("POST", Upgrades), ("POST", Licenses), ("GET", LicensesPreview), ("GET", Operation), ("GET", Events), ("POST", SubscriptionEvents),
        ("GET", Audit), ("GET", Health), ("GET", OpenApiDocument),
        ("GET", PartnerPortal),
    ];
}
