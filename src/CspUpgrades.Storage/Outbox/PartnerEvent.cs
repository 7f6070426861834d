using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Storage.Outbox;

/// <summary>
/// One committed fact as a partner's systems learn of it (docs/EVENTS.md): written in the same entity group transaction as
/// the fact (an outbox row beside it), then appended to the partner's feed and, when configured, published to Service Bus.
/// Everything here is fixed at commit, so a re-publication after a crash is byte for byte the same event.
/// </summary>
/// <param name="Id">Deterministic: derived from the fact (an operation id and what happened to it, a webhook event id, an audit run), so a
/// repeat of the same fact is the same id and Service Bus' duplicate detection and a consumer's dedupe both recognise it.</param>
/// <param name="Type">Versioned, e.g. <c>com.cspupgrades.upgrade.succeeded.v1</c> (<see cref="PartnerEventTypes"/>).</param>
/// <param name="Subject"><c>customers/{customerId}/subscriptions/{subscriptionId}</c>, or <c>audits/{runId}</c> for an audit.</param>
/// <param name="Time">When the fact was committed.</param>
/// <param name="Partner">The <c>partnerid</c> extension attribute: a distributor filters on it.</param>
/// <param name="SubscriptionId">The subscription the fact is about (Service Bus' <c>SessionId</c>, so one subscription's events are in order); null for an audit.</param>
/// <param name="Data">The event's data as JSON (UTF-8 text), valid against the type's schema in docs/EVENTS.md.</param>
public sealed record PartnerEvent(
    string Id, string Type, string Subject, DateTimeOffset Time, PartnerId Partner, SubscriptionId? SubscriptionId, string Data);
