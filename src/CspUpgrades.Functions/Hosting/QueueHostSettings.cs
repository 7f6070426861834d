using System.Text.Json;

namespace CspUpgrades.Functions.Hosting;

/// <summary>
/// The queue semantics from host.json's <c>extensions.queues</c>: the Functions host applies them in
/// Azure, and the local trigger runner reads the same file so local runs behave the same way.
/// </summary>
public sealed record QueueHostSettings(
    int BatchSize,
    int NewBatchThreshold,
    TimeSpan MaxPollingInterval,
    TimeSpan VisibilityTimeout,
    int MaxDequeueCount)
{
    /// <summary>The host's defaults, used for any value host.json leaves out.</summary>
    public static QueueHostSettings Defaults { get; } = new(16, 8, TimeSpan.FromMinutes(1), TimeSpan.Zero, 5);

    public static QueueHostSettings Load(string hostJsonPath)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(hostJsonPath));
        if (!document.RootElement.TryGetProperty("extensions", out var extensions)
            || !extensions.TryGetProperty("queues", out var queues))
        {
            return Defaults;
        }

        return new QueueHostSettings(
            Int(queues, "batchSize") ?? Defaults.BatchSize,
            Int(queues, "newBatchThreshold") ?? Defaults.NewBatchThreshold,
            Span(queues, "maxPollingInterval") ?? Defaults.MaxPollingInterval,
            Span(queues, "visibilityTimeout") ?? Defaults.VisibilityTimeout,
            Int(queues, "maxDequeueCount") ?? Defaults.MaxDequeueCount);
    }

    private static int? Int(JsonElement queues, string name) =>
        queues.TryGetProperty(name, out var value) ? value.GetInt32() : null;

    private static TimeSpan? Span(JsonElement queues, string name) =>
        queues.TryGetProperty(name, out var value)
            ? TimeSpan.Parse(value.GetString()!, System.Globalization.CultureInfo.InvariantCulture)
            : null;
}
