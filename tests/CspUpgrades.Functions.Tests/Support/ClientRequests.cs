using System.Net.Http.Json;
using System.Text.Json;
using CspUpgrades.Functions.ReceiveSubscriptionEvent;

namespace CspUpgrades.Functions.Tests.Support;

/// <summary>Requests as the app's callers build them: a partner's JSON POST, and the sync source's signed webhook.</summary>
public static class ClientRequests
{
    /// <summary>The webhook secret every test app is configured with (<c>Webhooks__Secret</c>).</summary>
    public const string WebhookSecret = Testing.App.AppProcess.WebhookSecret;

    /// <summary>A webhook request for <paramref name="subscriptionEvent"/>, signed with the app's secret, for any client to send.</summary>
    public static HttpRequestMessage SignedEvent(object subscriptionEvent, string? eventId = null, DateTimeOffset? signedAt = null)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(subscriptionEvent, JsonSerializerOptions.Web);
        var id = eventId ?? "evt_" + Guid.NewGuid().ToString("N");
        var timestamp = (signedAt ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/subscription-events")
        {
            Content = new ByteArrayContent(body) { Headers = { { "Content-Type", "application/json" } } },
        };
        request.Headers.Add(WebhookSignature.IdHeader, id);
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(WebhookSecret, id, timestamp, body));
        return request;
    }

    public static Task<HttpResponseMessage> PostJsonAsync(HttpClient client, string path, object body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return client.SendAsync(request);
    }
}
