using Azure.Core;
using Azure.Core.Pipeline;
using CspUpgrades.Testing.Azurite.Faults;

namespace CspUpgrades.Storage.Tests.Support;

/// <summary>
/// Wraps the real HTTP transport and can answer 503 instead — either before the request leaves (storage never saw
/// it) or after storage already applied it (the answer was lost on the way back). Records every attempt's headers.
/// </summary>
public sealed class FaultyTransport(HttpPipelineTransport inner) : HttpPipelineTransport
{
    private int _failuresBeforeSending;
    private int _failuresAfterSending;

    public FaultyTransport()
        : this(HttpClientTransport.Shared)
    {
    }

    public List<(string Method, string Uri, string? Date, string? Authorization)> Attempts { get; } = [];

    /// <summary>The next <paramref name="count"/> requests get 503 without reaching storage.</summary>
    public FaultyTransport FailBeforeSending(int count = 1)
    {
        _failuresBeforeSending = count;
        return this;
    }

    /// <summary>The next <paramref name="count"/> requests reach storage, but their answer is replaced by 503.</summary>
    public FaultyTransport FailAfterSending(int count = 1)
    {
        _failuresAfterSending = count;
        return this;
    }

    public override Request CreateRequest() => inner.CreateRequest();

    public override void Process(HttpMessage message) => ProcessAsync(message).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(HttpMessage message)
    {
        lock (Attempts)
        {
            message.Request.Headers.TryGetValue("x-ms-date", out var date);
            message.Request.Headers.TryGetValue("Authorization", out var authorization);
            Attempts.Add((message.Request.Method.Method, message.Request.Uri.ToString(), date, authorization));
        }

        if (Interlocked.Decrement(ref _failuresBeforeSending) >= 0)
        {
            message.Response = ServerBusy("before sending");
            return;
        }

        await inner.ProcessAsync(message);
        if (Interlocked.Decrement(ref _failuresAfterSending) >= 0)
        {
            message.Response = ServerBusy("after sending");
        }
    }

    // As the Table service answers a JSON request: the code in the header and in an OData error body (the Tables SDK reads the body).
    private static FakeResponse ServerBusy(string when) =>
        new(503, "{\"odata.error\":{\"code\":\"ServerBusy\",\"message\":{\"lang\":\"en-US\",\"value\":\"Injected " + when + ".\"}}}",
            ("x-ms-error-code", "ServerBusy"), ("Content-Type", "application/json;odata=minimalmetadata"));
}
