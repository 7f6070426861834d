using System.Diagnostics.Metrics;

namespace CspUpgrades.Bench;

/// <summary>
/// Counts the HTTP requests this process sends to one endpoint (its port on the loopback), from .NET's own
/// <c>System.Net.Http</c> metrics: every request of every <see cref="HttpClient"/>, the Azure SDK's included (each
/// attempt of a retried request is one). The benchmark counts the local host's queue requests with it.
/// </summary>
internal sealed class HttpRequestCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly int _port;
    private long _requests;

    public HttpRequestCounter(Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        _port = endpoint.Port;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument is { Meter.Name: "System.Net.Http", Name: "http.client.request.duration" })
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>(OnRequestEnded);
        _listener.Start();
    }

    public long Requests => Interlocked.Read(ref _requests);

    public void Dispose() => _listener.Dispose();

    private void OnRequestEnded(Instrument instrument, double seconds, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "server.port" && tag.Value is int port && port == _port)
            {
                Interlocked.Increment(ref _requests);
                return;
            }
        }
    }
}
