using System.Globalization;
using CspUpgrades.Functions.ReceiveSubscriptionEvent;
using CspUpgrades.Functions.Tests.Support;

namespace CspUpgrades.Functions.Tests.Http.Support;

/// <summary>
/// A webhook delivery built byte for byte, for tests that tamper with it: each header can be replaced
/// or left out, and the body is signed as given.
/// </summary>
public sealed record SignedWebhook(byte[] Body)
{
    public string Id { get; init; } = "evt_" + Guid.NewGuid().ToString("N");
    public DateTimeOffset SignedAt { get; init; } = DateTimeOffset.UtcNow;
    public string Secret { get; init; } = ClientRequests.WebhookSecret;
    public string ContentType { get; init; } = "application/json";

    /// <summary>Replaces the computed signature header when set.</summary>
    public string? Signature { get; init; }

    public bool OmitId { get; init; }
    public bool OmitTimestamp { get; init; }
    public bool OmitSignature { get; init; }

    public static SignedWebhook Of(string json) => new(System.Text.Encoding.UTF8.GetBytes(json));

    public long Timestamp => SignedAt.ToUnixTimeSeconds();

    public string ComputedSignature => WebhookSignature.Sign(Secret, Id, Timestamp, Body);

    public HttpRequestMessage ToRequest()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Routes.Webhooks, UriKind.Relative))
        {
            Content = new ByteArrayContent(Body) { Headers = { { "Content-Type", ContentType } } },
        };
        if (!OmitId)
        {
            request.Headers.Add(WebhookSignature.IdHeader, Id);
        }

        if (!OmitTimestamp)
        {
            request.Headers.Add(WebhookSignature.TimestampHeader, Timestamp.ToString(CultureInfo.InvariantCulture));
        }

        if (!OmitSignature)
        {
            request.Headers.TryAddWithoutValidation(WebhookSignature.SignatureHeader, Signature ?? ComputedSignature);
        }

        return request;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpClient client)
    {
        using var request = ToRequest();
        return await client.SendAsync(request);
    }
}
