using Microsoft.AspNetCore.WebUtilities;

namespace CspUpgrades.Functions.Http;

/// <summary>
/// RFC 9457 problem details with a stable <c>code</c> (and <c>type</c> derived from it). Only these
/// answers leave the app on failure: no stack traces, no storage messages.
/// </summary>
public static class Problems
{
    public const string TypeBase = "https://cspupgrades.example/problems/";

    public static IResult Validation(string field, string message) =>
        Create(StatusCodes.Status400BadRequest, "invalid_request", "The request is not valid.", message,
            new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [message] } });

    public static IResult MalformedBody(string detail) =>
        Create(StatusCodes.Status400BadRequest, "malformed_body", "The request body is not valid JSON for this endpoint.", detail);

    /// <summary>Worded as the framework's own 415 (docs/API.md shows it), whichever of the two answers.</summary>
    public static IResult UnsupportedMediaType() =>
        Create(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type", "Unsupported Media Type", null);

    public static IResult TooLarge(long limit) =>
        Create(StatusCodes.Status413PayloadTooLarge, "payload_too_large", "The request body is too large.",
            $"The limit for this endpoint is {limit} bytes.");

    /// <summary>No credential, or not one this deployment accepts: the title names both ways in, the detail what works here.</summary>
    public static IResult Unauthorized(string detail) =>
        Create(StatusCodes.Status401Unauthorized, "unauthorized", UnauthorizedTitle, detail);

    public const string UnauthorizedTitle = "A valid API key or Entra ID access token is required.";

    /// <summary>A bearer token that is not valid; <paramref name="detail"/> says why without quoting it.</summary>
    public static IResult InvalidToken(string detail) =>
        Create(StatusCodes.Status401Unauthorized, "invalid_token", "The bearer token is not valid.", detail);

    /// <summary>Both an API key and a bearer token: which partner and which permission would be ambiguous.</summary>
    public static IResult MultipleCredentials() =>
        Create(StatusCodes.Status400BadRequest, "multiple_credentials", "Send one credential, not two.",
            "The request carries both X-Api-Key and Authorization: Bearer; send one of them.");

    /// <summary>A valid token from an Entra ID tenant that no partner is mapped to.</summary>
    public static IResult TenantNotRegistered(Guid tenant) =>
        Create(StatusCodes.Status403Forbidden, "tenant_not_registered", "The token's Entra ID tenant is not registered.",
            $"No partner is registered for tenant {tenant:D}; the operator maps it with partner-tenant add.");

    /// <summary>The credential is valid but does not grant what the request needs (a read-only key on a write).</summary>
    public static IResult InsufficientScope(string detail) =>
        Create(StatusCodes.Status403Forbidden, "insufficient_scope", "The credential does not allow this request.", detail);

    /// <summary>The title of every <c>not_found</c>, whoever answers it (a handler, or a route no function serves).</summary>
    public const string NotFoundTitle = "Not found.";

    /// <summary>Also for resources of another partner: 404 rather than 403, so ids don't leak.</summary>
    public static IResult NotFound(string what) =>
        Create(StatusCodes.Status404NotFound, "not_found", NotFoundTitle, $"No {what} with that id.");

    public static IResult Conflict(string code, string title, string? detail, IDictionary<string, object?>? extensions = null) =>
        Create(StatusCodes.Status409Conflict, code, title, detail, extensions);

    public static IResult Unprocessable(string code, string title, string? detail, IDictionary<string, object?>? extensions = null) =>
        Create(StatusCodes.Status422UnprocessableEntity, code, title, detail, extensions);

    /// <summary>The <c>Idempotency-Key</c> was used before by this partner for a different request (RequestUpgrade, AddLicenses).</summary>
    public static IResult IdempotencyKeyReused() =>
        Unprocessable("idempotency_key_reused", "The idempotency key was used for a different request.", "Use a new key for a new request.");

    public static IResult PreconditionFailed(string detail) =>
        Create(StatusCodes.Status412PreconditionFailed, "precondition_failed", "The resource has changed.", detail);

    public static IResult Unavailable() =>
        Create(StatusCodes.Status503ServiceUnavailable, "storage_unavailable", "Storage is unavailable; retry later.", null);

    public static IResult Internal() =>
        Create(StatusCodes.Status500InternalServerError, "internal_error", "An unexpected error occurred.", null);

    /// <summary>
    /// The code for an answer the framework writes itself, without a handler: routing's 404 and 405,
    /// content-type matching's 415, a request Kestrel could not read. Null for statuses only handlers produce.
    /// </summary>
    public static string? CodeForStatus(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "bad_request",
        StatusCodes.Status401Unauthorized => "unauthorized",
        StatusCodes.Status404NotFound => "not_found",
        StatusCodes.Status405MethodNotAllowed => "method_not_allowed",
        StatusCodes.Status406NotAcceptable => "not_acceptable",
        StatusCodes.Status413PayloadTooLarge => "payload_too_large",
        StatusCodes.Status415UnsupportedMediaType => "unsupported_media_type",
        StatusCodes.Status500InternalServerError => "internal_error",
        StatusCodes.Status503ServiceUnavailable => "storage_unavailable",
        _ => null,
    };

    /// <summary>
    /// The answer for a request nothing serves, worded as ASP.NET Core's status code pages word routing's answers:
    /// the reason phrase as title (a 404's is every <c>not_found</c>'s: one title per code), the status's code, no detail. Also what an endpoint switched off answers, so that it
    /// cannot be told from a route that does not exist.
    /// </summary>
    public static IResult ForStatus(int status) => Create(
        status, CodeForStatus(status) ?? "error", status == StatusCodes.Status404NotFound ? NotFoundTitle : ReasonPhrases.GetReasonPhrase(status), null);

    public static IResult Create(int status, string code, string title, string? detail, IDictionary<string, object?>? extensions = null)
    {
        var all = new Dictionary<string, object?>(extensions ?? new Dictionary<string, object?>()) { ["code"] = code };
        return Results.Problem(detail: detail, statusCode: status, title: title, type: TypeBase + code, extensions: all);
    }
}
