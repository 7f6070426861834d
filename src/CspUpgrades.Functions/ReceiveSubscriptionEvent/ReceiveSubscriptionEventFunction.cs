using CspUpgrades.Functions.Http;
using CspUpgrades.Functions.Settings;
using CspUpgrades.Storage.Events;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace CspUpgrades.Functions.ReceiveSubscriptionEvent;

/// <summary>
/// POST /api/webhooks/subscription-events: size-capped, signature-checked (Standard Webhooks) before
/// any parsing, applied once per <c>webhook-id</c>. Answers 200 with what happened.
/// </summary>
public sealed class ReceiveSubscriptionEventFunction(ReceiveSubscriptionEventHandler handler, IOptions<WebhookOptions> options, TimeProvider time)
{
    /// <summary>Not a partner endpoint: the signature authenticates the sender.</summary>
    [Function(nameof(ReceiveSubscriptionEvent))]
    [EndpointSummary("Receive a signed subscription-change event (Standard Webhooks), applied once per webhook-id")]
    [Tags("Webhooks")]
    [Consumes(typeof(SubscriptionEvent), "application/json")]
    [RequestHeader(WebhookSignature.IdHeader, "The event's id; a second delivery of the same id is a duplicate.", Required = true)]
    [RequestHeader(WebhookSignature.TimestampHeader, "Seconds since the Unix epoch; refused more than 5 minutes from now.", Required = true)]
    [RequestHeader(WebhookSignature.SignatureHeader, "`v1,<base64 HMAC-SHA256 of id.timestamp.body>`, space-separated if several.", Required = true)]
    [ProducesResponseType<EventReceipt>(StatusCodes.Status200OK)]
    [ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity)]
    public Task<IResult> ReceiveSubscriptionEvent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.SubscriptionEvents)] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return HandleAsync(request.HttpContext, handler, options, time);
    }


    private static async Task<IResult> HandleAsync(
        HttpContext context, ReceiveSubscriptionEventHandler handler, IOptions<WebhookOptions> options, TimeProvider time)
    {
        var (body, problem) = await JsonBody.ReadCappedAsync(context.Request, options.Value.MaxBodyBytes);
        if (problem is not null)
        {
            return problem;
        }

        var headers = context.Request.Headers;
        var id = headers[WebhookSignature.IdHeader].ToString();
        var verification = WebhookSignature.Verify(
            options.Value.Secrets, id, headers[WebhookSignature.TimestampHeader], headers[WebhookSignature.SignatureHeader], body, time.GetUtcNow());
        if (verification != WebhookVerification.Valid)
        {
            return Problems.Create(StatusCodes.Status401Unauthorized, "invalid_signature", "The webhook signature is not valid.", verification switch
            {
                WebhookVerification.MissingHeaders => "webhook-id, webhook-timestamp and webhook-signature are required.",
                WebhookVerification.OutsideTolerance => "webhook-timestamp is more than 5 minutes from now.",
                _ => "No signature matches the body with a current secret.",
            });
        }

        var parsed = JsonBody.Parse<SubscriptionEvent>(body);
        if (parsed.Problem is not null)
        {
            return parsed.Problem;
        }

        var (change, field, error) = SubscriptionEventReader.Read(parsed.Value!);
        if (change is null)
        {
            return Problems.Validation(field!, error!);
        }

        try
        {
            var outcome = await handler.HandleAsync(EventIds.ToRowSafe(id), change, context.RequestAborted);
            return Results.Ok(new EventReceipt(id, outcome));
        }
        catch (UnknownSubscriptionException ex)
        {
            return Problems.Unprocessable("unknown_subscription", "The subscription is not known yet.", ex.Message);
        }
    }
}

/// <summary>The answer to a webhook delivery: applied, duplicate (already applied) or stale (older than stored state).</summary>
public sealed record EventReceipt(string EventId, EventOutcome Outcome);
