using System.ComponentModel.DataAnnotations;

namespace CspUpgrades.Functions.Settings;

/// <summary>Settings of the partner events (<c>Events__…</c>): the outbox and feed, and how long the feed lets an append settle.</summary>
public sealed class EventsOptions
{
    public const string Section = "Events";

    /// <summary>
    /// Whether committed facts write events (outbox rows, the feed, Service Bus when configured). On by default; off, no
    /// outbox row is written and every write path costs the storage requests it did before events existed.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The feed returns only events appended at least this long ago, and an append that took longer than half of it is
    /// made again, so a reader never passes a position an event can still land before. Also the feed's delay.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.200", "00:05:00")]
    public TimeSpan FeedSettleTime { get; set; } = TimeSpan.FromSeconds(5);
}
