using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using CspUpgrades.Functions.Tests.Support;
using CspUpgrades.Functions.Upgrades;
using CspUpgrades.Storage.Clients;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Functions.Tests.Http.Support;

/// <summary>
/// The fixed queue <c>upgrade-requests</c> is shared by every app in the test run and nothing consumes
/// it in these tests. The probe takes out the messages of one operation and leaves every other one as it was.
/// </summary>
public sealed class UpgradeQueueProbe(AzuriteFixture azurite)
{
    private readonly QueueClient _queue = new(azurite.ConnectionString, UpgradeQueue.Name, StorageClientDefaults.QueueOptions());

    /// <summary>Removes and returns the <c>upgradeRequest</c> payloads of <paramref name="operationId"/>.</summary>
    public async Task<IReadOnlyList<JsonElement>> TakeMessagesOfAsync(string operationId) =>
        (await TakeOfAsync(operationId)).Select(message => message.Payload).ToList();

    /// <summary>Removes and returns the messages of <paramref name="operationId"/> as sent, e.g. to deliver them to a queue runner later.</summary>
    public async Task<IReadOnlyList<string>> TakeMessageTextsOfAsync(string operationId) =>
        (await TakeOfAsync(operationId)).Select(message => message.Text).ToList();

    private async Task<IReadOnlyList<(string Text, JsonElement Payload)>> TakeOfAsync(string operationId)
    {
        var mine = new List<(QueueMessage Message, JsonElement Payload)>();
        var others = new List<QueueMessage>();
        IReadOnlyList<QueueMessage> batch;
        do
        {
            // Received messages stay hidden until restored below, so the loop ends when it has seen them all.
            batch = await _queue.ReceiveAsync(32, TimeSpan.FromMinutes(1));
            foreach (var message in batch)
            {
                var payload = Payload(message.MessageText);
                if (payload?.GetProperty("operationId").GetString() == operationId)
                {
                    mine.Add((message, payload.Value));
                }
                else
                {
                    others.Add(message);
                }
            }
        }
        while (batch.Count > 0);

        foreach (var other in others)
        {
            await _queue.UpdateMessageAsync(other.MessageId, other.PopReceipt, visibilityTimeout: TimeSpan.Zero);
        }

        foreach (var (message, _) in mine)
        {
            await _queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
        }

        return mine.Select(m => (m.Message.MessageText, m.Payload)).ToList();
    }

    public Task<int> ApproximateCountAsync() => _queue.ApproximateCountAsync();

    private static JsonElement? Payload(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.TryGetProperty("upgradeRequest", out var payload) ? payload.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
