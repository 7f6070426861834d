using CspUpgrades.Functions.Events;

namespace CspUpgrades.Functions.ListEvents;

/// <summary>
/// A page of the partner's event feed. <see cref="Cursor"/> is where to go on (<c>?after=</c>): pass it on the next call,
/// also after an empty page, and new events arrive there. Null only when the feed has had nothing yet.
/// </summary>
public sealed record EventFeedResponse(IReadOnlyList<CloudEventResponse> Events, string? Cursor);
