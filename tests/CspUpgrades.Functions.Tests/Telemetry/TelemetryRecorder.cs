using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using CspUpgrades.Functions.Telemetry;

namespace CspUpgrades.Functions.Tests.Telemetry;

/// <summary>
/// Listens, in the test process, to the activities and instruments the app creates (its worker runs in the test
/// process under the local Functions host). Each measurement keeps the trace id current when it was recorded, so a
/// test counts only what its own requests did, whatever other tests run at the same time.
/// </summary>
public sealed class TelemetryRecorder : IDisposable
{
    /// <summary>ASP.NET Core's source: one activity per incoming request (what its OpenTelemetry instrumentation listens to).</summary>
    public const string AspNetCoreSource = "Microsoft.AspNetCore";

    private readonly ActivityListener _activities;
    private readonly MeterListener _meters = new();
    private readonly ConcurrentQueue<Activity> _started = new();
    private readonly ConcurrentQueue<Measurement> _measurements = new();

    public TelemetryRecorder()
    {
        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name is CspUpgradesTelemetry.Name or AspNetCoreSource,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = _started.Enqueue,
        };
        ActivitySource.AddActivityListener(_activities);

        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == CspUpgradesTelemetry.Name)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            _measurements.Enqueue(new Measurement(instrument.Name, value, tags.ToArray(), Activity.Current?.TraceId)));
        _meters.Start();
    }

    public IReadOnlyList<Activity> Activities => [.. _started];

    /// <summary>The sum of what <paramref name="instrument"/> recorded in trace <paramref name="traceId"/> with every tag given.</summary>
    public long Sum(string instrument, ActivityTraceId traceId, params (string Key, string Value)[] tags) =>
        _measurements
            .Where(m => m.Instrument == instrument && m.TraceId == traceId)
            .Where(m => tags.All(tag => m.Tags.Any(t => t.Key == tag.Key && Equals(t.Value, tag.Value))))
            .Sum(m => m.Value);

    public void Dispose()
    {
        _activities.Dispose();
        _meters.Dispose();
    }

    private sealed record Measurement(string Instrument, long Value, KeyValuePair<string, object?>[] Tags, ActivityTraceId? TraceId);
}
