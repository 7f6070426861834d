using CspUpgrades.Functions.Events;
using CspUpgrades.Functions.Http;
using CspUpgrades.Functions.Security;
using CspUpgrades.Functions.Settings;
using CspUpgrades.Storage.Model;
using CspUpgrades.Storage.Outbox;
using CspUpgrades.Storage.Partners;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace CspUpgrades.Functions.ListEvents;

/// <summary>
/// GET /api/events?after={cursor}&amp;limit=: the partner's own events (docs/EVENTS.md), oldest first, for a partner without
/// Service Bus. One storage request per page: a range of the partner's feed partition. The cursor is opaque and bound to the
/// partner; another partner's cursor, or an edited one, is a 400.
/// </summary>
public sealed class ListEventsFunction(PartnerEventFeedStore feed, IOptions<EventsOptions> options, TimeProvider time)
{
    public const string AfterParameter = "after";
    public const string LimitParameter = "limit";

    /// <summary>The list name the cursor (a <see cref="ContinuationToken"/>) carries.</summary>
    public const string List = "events";

    [Function(nameof(ListEvents))]
    [RequiresPartner(PartnerPermission.Read)]
    [EndpointSummary("Read the partner's events (upgrades, billing lines, license additions, subscription changes, audits) after a cursor")]
    [EndpointDescription(
        "CloudEvents 1.0 in JSON, in the order they were published (per subscription, the order of its commits). Delivery is at "
        + "least once: an event may appear twice, with the same `id`; drop repeats by id. An event appears a few seconds after "
        + "its commit (`Events__FeedSettleTime`, default 5 s). Keep the `cursor` and pass it as `after` on the next call.")]
    [Tags("Events")]
    [QueryParameter(AfterParameter, "The `cursor` of the previous answer; without it the feed starts at its oldest event.", QueryParameterAttribute.ContinuationTokenSchema)]
    [QueryParameter(LimitParameter, "Most events in one answer (1–1,000, default 100).", QueryParameterAttribute.TopSchema)]
    [ProducesResponseType<EventFeedResponse>(StatusCodes.Status200OK)]
    [ProducesProblems(StatusCodes.Status400BadRequest)]
    public Task<IResult> ListEvents(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Events)] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return HandleAsync(request);
    }

    private async Task<IResult> HandleAsync(HttpRequest request)
    {
        var partner = request.HttpContext.Partner();
        if (!PageRequest.TryReadCount(request, LimitParameter, out var limit, out var problem)
            || !QueryValues.TryReadSingle(request, AfterParameter, out var cursor, out problem)
            || !ContinuationToken.TryRead(cursor, partner, List, out var after, out problem, AfterParameter))
        {
            return problem;
        }

        // A cursor that reads back holds a feed position; one that holds anything else was not made here.
        if (after is not null && !TableLayout.IsFeedRow(after))
        {
            return ContinuationToken.Refused(AfterParameter);
        }

        var page = await feed.ReadAsync(
            partner, after, limit, time.GetUtcNow() - options.Value.FeedSettleTime, request.HttpContext.RequestAborted);

        // A repeat within the page is dropped here; one across pages is the reader's to drop (same id).
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var events = page.Events.Where(partnerEvent => seen.Add(partnerEvent.Id)).Select(CloudEventResponse.From).ToList();
        return Results.Ok(new EventFeedResponse(events, ContinuationToken.Create(partner, List, page.LastPosition ?? after)));
    }
}
