using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.AddLicenses;
using CspUpgrades.Functions.ReceiveSubscriptionEvent;

namespace CspUpgrades.Bench;

/// <summary>
/// Issue #6, measurement 4, for the use cases the load phases do not cover: AddLicenses and signed webhook events,
/// one call at a time, each on a customer of its own.
/// </summary>
internal static class UseCaseRequestsBenchmark
{
    public const string LicensePrefix = "lic";
    public const string WebhookPrefix = "hook";

    public static async Task RunAsync(BenchContext context, AppUnderTest app)
    {
        var samples = context.Options.Samples;

        // Each use case alone, so the worker's requests the storage proxy counts meanwhile are its own.
        var licenses = await app.StorageRequestsPerInvocationAsync(nameof(AddLicensesFunction.AddLicenses), async () =>
        {
            for (var n = 0; n < samples; n++)
            {
                await AddLicenseAsync(app, DataSets.CustomerId(LicensePrefix, n));
            }
        });
        var webhooks = await app.StorageRequestsPerInvocationAsync(nameof(ReceiveSubscriptionEventFunction.ReceiveSubscriptionEvent), async () =>
        {
            for (var n = 0; n < samples; n++)
            {
                await SendSubscriptionEventAsync(app, DataSets.CustomerId(WebhookPrefix, n));
            }
        });

        context.RequestCounts.Add(RequestBudgets.AddLicenses(licenses));
        context.RequestCounts.Add(RequestBudgets.Webhook(webhooks));
    }

    private static async Task AddLicenseAsync(AppUnderTest app, CustomerId customer)
    {
        using var response = await app.Http.PostAsJsonAsync(
            new Uri($"/api/customers/{customer}/subscriptions/{DataSets.SubscriptionId(customer, 0)}/licenses", UriKind.Relative), new { quantity = 1 });
        await EnsureAsync(response, HttpStatusCode.OK, "AddLicenses");
    }

    private static async Task SendSubscriptionEventAsync(AppUnderTest app, CustomerId customer)
    {
        var subscription = new SubscriptionPayload(
            DataSets.SubscriptionId(customer, 0).Value, DataSets.UpgradeSourceOffer, SubscriptionStatus.Active, 11,
            new ChannelPayload(ChannelKind.ThisPartner, null, null), BillingCycle.Monthly, DataSets.TermStart, DataSets.TermStart.AddYears(1),
            new MoneyPayload("8.00", "USD"), [], null);
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new SubscriptionEvent(SubscriptionEventReader.SubscriptionUpdated, DateTimeOffset.UtcNow, DataSets.Partner.Value, customer.Value, null, subscription, null),
            JsonSerializerOptions.Web);
        var id = $"evt-bench-{customer}";
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/webhooks/subscription-events", UriKind.Relative))
        {
            Content = new ByteArrayContent(body) { Headers = { { "Content-Type", "application/json" } } },
        };
        request.Headers.Add(WebhookSignature.IdHeader, id);
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(AppUnderTest.WebhookSecret, id, timestamp, body));
        using var response = await app.Http.SendAsync(request);
        await EnsureAsync(response, HttpStatusCode.OK, "ReceiveSubscriptionEvent");
    }

    private static async Task EnsureAsync(HttpResponseMessage response, HttpStatusCode expected, string function)
    {
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"{function} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
