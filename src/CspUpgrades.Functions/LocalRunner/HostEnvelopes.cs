using System.Globalization;
using System.Text.Json;
using CspUpgrades.Functions.Hosting;
using Azure.Storage.Queues.Models;

namespace CspUpgrades.Functions.LocalRunner;

/// <summary>Builds invocation bodies shaped exactly like the Functions host's, quirks included.</summary>
public static class HostEnvelopes
{
    /// <summary>
    /// A queue message: the text JSON-encoded inside the JSON, metadata values as strings, and the
    /// top-level properties of a JSON message copied into Metadata, as the host does.
    /// </summary>
    public static InvocationRequest ForQueueMessage(string functionName, QueueMessage message, DateTimeOffset now)
    {
        var metadata = new Dictionary<string, JsonElement>();
        CopyTopLevelProperties(message.MessageText, metadata);
        metadata["DequeueCount"] = Element(message.DequeueCount.ToString(CultureInfo.InvariantCulture));
        metadata["Id"] = Encoded(message.MessageId);
        metadata["PopReceipt"] = Encoded(message.PopReceipt);
        metadata["InsertionTime"] = Encoded(message.InsertedOn?.ToString("O", CultureInfo.InvariantCulture));
        metadata["ExpirationTime"] = Encoded(message.ExpiresOn?.ToString("O", CultureInfo.InvariantCulture));
        metadata["NextVisibleTime"] = Encoded(message.NextVisibleOn?.ToString("O", CultureInfo.InvariantCulture));
        metadata["sys"] = SystemMetadata(functionName, now);

        return new InvocationRequest
        {
            Data = new() { [InvocationRequest.QueueMessageBinding] = Encoded(message.MessageText) },
            Metadata = metadata,
        };
    }

    /// <summary>A timer tick: <c>{"Schedule":…,"ScheduleStatus":…,"IsPastDue":…}</c>.</summary>
    public static InvocationRequest ForTimer(string functionName, DateTimeOffset? last, DateTimeOffset next, bool isPastDue, DateTimeOffset now)
    {
        var timer = JsonSerializer.SerializeToElement(new
        {
            Schedule = new { AdjustForDST = true },
            ScheduleStatus = new { Last = last ?? DateTimeOffset.MinValue, Next = next, LastUpdated = now },
            IsPastDue = isPastDue,
        });
        return new InvocationRequest
        {
            Data = new() { [InvocationRequest.TimerBinding] = timer },
            Metadata = new() { ["sys"] = SystemMetadata(functionName, now) },
        };
    }

    private static void CopyTopLevelProperties(string text, Dictionary<string, JsonElement> metadata)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                metadata[property.Name] = property.Value.Clone();
            }
        }
        catch (JsonException)
        {
            // A plain-text message has no properties to copy.
        }
    }

    private static JsonElement SystemMetadata(string functionName, DateTimeOffset now) =>
        JsonSerializer.SerializeToElement(new { MethodName = functionName, UtcNow = now, RandGuid = Guid.NewGuid() });

    private static JsonElement Element(string value) => JsonSerializer.SerializeToElement(value);

    /// <summary>A string value JSON-encoded once more, as the host sends strings.</summary>
    private static JsonElement Encoded(string? value) => Element(JsonSerializer.Serialize(value));
}
