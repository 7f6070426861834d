using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using CspUpgrades.Functions.ReceiveSubscriptionEvent;
using CspUpgrades.Functions.Tests.Support;
using CspUpgrades.Storage.Model;

namespace CspUpgrades.Functions.Tests.EndToEnd;

/// <summary>What a partner and its sync source do, one call each, with the answer checked on the way.</summary>
public static class Steps
{
    /// <summary>Posts each event, signed, in order; every one must be applied.</summary>
    public static async Task SendEventsAsync(WorkerApp app, params SubscriptionEvent[] events)
    {
        ArgumentNullException.ThrowIfNull(app);
        foreach (var subscriptionEvent in events)
        {
            using var response = await app.PostEventAsync(subscriptionEvent);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{subscriptionEvent.Type} answered {(int)response.StatusCode}: {body}");
            Assert.Equal("applied", JsonDocument.Parse(body).RootElement.GetProperty("outcome").GetString());
        }
    }

    /// <summary>POSTs an upgrade request; it must be accepted (202 with the operation's Location). Returns the operation id.</summary>
    public static async Task<string> RequestUpgradeAsync(
        HttpClient partner, string customerId, string subscriptionId, string targetOffer, string upgradeType, int? quantity = null, string? idempotencyKey = null)
    {
        using var response = await ClientRequests.PostJsonAsync(
            partner, $"/api/customers/{customerId}/subscriptions/{subscriptionId}/upgrades",
            new { targetOffer, upgradeType, quantity }, idempotencyKey);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"The upgrade request answered {(int)response.StatusCode}: {body}");
        var operationId = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
        Assert.Equal("/api/operations/" + operationId, response.Headers.Location?.OriginalString);
        return operationId;
    }

    /// <summary>Polls GET /api/operations/{id} until the operation succeeded or failed, and returns it.</summary>
    public static Task<JsonElement> FinishedOperationAsync(HttpClient partner, string operationId, TimeSpan? timeout = null) =>
        Eventually.ReturnsAsync(
            () => partner.GetFromJsonAsync<JsonElement>(new Uri("/api/operations/" + operationId, UriKind.Relative)),
            operation => operation.GetProperty("status").GetString() is "succeeded" or "failed",
            $"operation {operationId} to finish",
            timeout);

    /// <summary>Every row of one customer's partition, as Table Storage holds it.</summary>
    public static async Task<IReadOnlyList<TableEntity>> PartitionAsync(WorkerApp app, string partnerId, string customerId)
    {
        ArgumentNullException.ThrowIfNull(app);
        var partition = partnerId + TableLayout.Separator + customerId;
        var rows = new List<TableEntity>();
        await foreach (var row in app.Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}")))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>The row keys of a partition, without the webhook de-duplication markers (<c>evt|…</c>) and the outbox rows of
    /// events not yet published (<c>publish|…</c>, gone once the commit's drain has run).</summary>
    public static IReadOnlyList<string> StateRowKeys(IEnumerable<TableEntity> rows) =>
        rows.Select(row => row.RowKey!)
            .Where(key => !key.StartsWith(TableLayout.EventPrefix, StringComparison.Ordinal) && !key.StartsWith(TableLayout.PublishPrefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();
}
