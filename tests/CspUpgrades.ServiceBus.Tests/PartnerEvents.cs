using System.Text.Json;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Storage.Outbox;

namespace CspUpgrades.ServiceBus.Tests;

/// <summary>Committed events as the outbox hands them to the publisher.</summary>
internal static class PartnerEvents
{
    public static readonly DateTimeOffset CommittedAt = new(2026, 12, 8, 4, 5, 6, 789, TimeSpan.Zero);

    public static PartnerEvent UpgradeSucceeded(string operation, string subscription, string partner = "contoso", string customer = "customer-1") =>
        new(
            $"{operation}:succeeded",
            PartnerEventTypes.UpgradeSucceeded,
            $"customers/{customer}/subscriptions/{subscription}",
            CommittedAt,
            new PartnerId(partner),
            new SubscriptionId(subscription),
            JsonSerializer.Serialize(new { operationId = operation, targetOfferId = "offer-e5", quantity = 10 }));

    public static PartnerEvent AuditCompleted(string run, string partner = "contoso") =>
        new($"audit:{run}", PartnerEventTypes.AuditCompleted, $"audits/{run}", CommittedAt, new PartnerId(partner), null,
            JsonSerializer.Serialize(new { runId = run, blocked = 2 }));

    /// <summary><paramref name="count"/> upgrades of <paramref name="subscriptions"/> subscriptions in turn, each with a body of about <paramref name="padding"/> bytes.</summary>
    public static List<PartnerEvent> Many(int count, int subscriptions = 3, int padding = 0) =>
        Enumerable.Range(0, count)
            .Select(i => UpgradeSucceeded($"op-{i:D4}", $"sub-{i % subscriptions}") is var e && padding > 0
                ? e with { Data = JsonSerializer.Serialize(new { operationId = $"op-{i:D4}", note = new string('x', padding) }) }
                : e)
            .ToList();
}
