using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Storage.Outbox;

namespace CspUpgrades.Functions.Events;

/// <summary>How every event is put together: its deterministic id, its subject, and its data as the API's JSON.</summary>
public static class PartnerEventData
{
    /// <summary>
    /// A GUID derived from <paramref name="fact"/> (what happened, to what): the same fact always gets the same id, so a
    /// re-publication is recognisably the same event (Service Bus' duplicate detection, a consumer's dedupe).
    /// </summary>
    public static string IdFor(PartnerId partner, string fact)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"event\n{partner.Value}\n{fact}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // RFC 9562 version 8 (custom: SHA-256 name-based)
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString("D");
    }

    public static string SubjectOf(CustomerId customer, SubscriptionId subscription) =>
        $"customers/{customer.Value}/subscriptions/{subscription.Value}";

    /// <summary>The event with <paramref name="data"/> serialized as the API serializes its answers (camelCase, enums as strings).</summary>
    public static PartnerEvent Create<TData>(
        string type, PartnerId partner, string fact, CustomerId customer, SubscriptionId subscription, DateTimeOffset time, TData data) =>
        new(IdFor(partner, fact), type, SubjectOf(customer, subscription), time, partner, subscription, Serialize(data));

    public static string Serialize<TData>(TData data) => JsonSerializer.Serialize(data, JsonSerializerOptions.Web);
}
