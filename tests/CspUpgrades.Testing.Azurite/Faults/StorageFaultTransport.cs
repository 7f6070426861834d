using Azure.Core;
using Azure.Core.Pipeline;

namespace CspUpgrades.Testing.Azurite.Faults;

/// <summary>
/// Sits between a storage client's pipeline and the real transport to Azurite and, at the rates set in
/// <see cref="Faults"/>, makes an attempt fail the three ways a network fails a storage client:
/// <list type="bullet">
/// <item><see cref="StorageFault.Busy"/>: 503 ServerBusy; storage never saw the request.</item>
/// <item><see cref="StorageFault.AnswerLost"/>: storage applied the write, the client gets 503 (ambiguous).</item>
/// <item><see cref="StorageFault.Timeout"/>: storage applied the write and the answer never comes; the attempt
/// ends at the client's network timeout (ambiguous).</item>
/// </list>
/// Ambiguous faults hit writes only (a lost answer to a read changes nothing). Reads of the queue's messages
/// are writes too (they hide the message and raise its dequeue count), so they are exempt from ambiguous
/// faults unless <see cref="StorageFaultRates.AmbiguousQueueReceives"/> says otherwise: under the Functions
/// host that request is the host's, not the app's. Thread-safe; deterministic for a given seed and request order.
/// <see cref="FailNext"/> fails the next attempts whatever they are, before any rate applies: a test's one fault, exactly where
/// it wants it.
/// </summary>
public sealed class StorageFaultTransport(HttpPipelineTransport inner, int seed = 1) : HttpPipelineTransport
{
    private readonly Random _random = new(seed);
    private readonly long[] _injected = new long[Enum.GetValues<StorageFault>().Length + 1];
    private readonly Queue<StorageFault> _next = new();
    private long _attempts;

    /// <summary>The rates in force; replace to start or stop injecting (e.g. after seeding).</summary>
    public StorageFaultRates Faults { get; set; } = StorageFaultRates.None;

    public long Attempts => Interlocked.Read(ref _attempts);

    public long Injected(StorageFault fault) => Interlocked.Read(ref _injected[(int)fault]);

    /// <summary>The next <paramref name="count"/> attempts, reads or writes, fail with <paramref name="fault"/>.</summary>
    public StorageFaultTransport FailNext(StorageFault fault, int count = 1)
    {
        lock (_next)
        {
            for (var n = 0; n < count; n++)
            {
                _next.Enqueue(fault);
            }
        }

        return this;
    }

    public override Request CreateRequest() => inner.CreateRequest();

    public override void Process(HttpMessage message) => ProcessAsync(message).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(HttpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Interlocked.Increment(ref _attempts);
        var fault = Choose(message.Request);
        if (fault is { } chosen)
        {
            Interlocked.Increment(ref _injected[(int)chosen]);
        }

        if (fault == StorageFault.Busy)
        {
            message.Response = ServerBusy(message.Request, "before sending");
            return;
        }

        await inner.ProcessAsync(message);
        switch (fault)
        {
            case StorageFault.AnswerLost:
                message.Response.Dispose();
                message.Response = ServerBusy(message.Request, "after storage applied the request");
                break;
            case StorageFault.Timeout:
                // The pipeline cancels this token at its network timeout and treats that as a retriable failure.
                await Task.Delay(Timeout.InfiniteTimeSpan, message.CancellationToken);
                break;
        }
    }

    private StorageFault? Choose(Request request)
    {
        lock (_next)
        {
            if (_next.TryDequeue(out var next))
            {
                return next;
            }
        }

        var rates = Faults;
        double roll;
        lock (_random)
        {
            roll = _random.NextDouble();
        }

        if (roll < rates.Busy)
        {
            return StorageFault.Busy;
        }

        if (!IsAmbiguousCandidate(request, rates))
        {
            return null;
        }

        roll -= rates.Busy;
        if (roll < rates.AnswerLost)
        {
            return StorageFault.AnswerLost;
        }

        return roll - rates.AnswerLost < rates.Timeout ? StorageFault.Timeout : null;
    }

    private static bool IsAmbiguousCandidate(Request request, StorageFaultRates rates)
    {
        var isQueueReceive = request.Method == RequestMethod.Get
            && request.Uri.Path.EndsWith("/messages", StringComparison.Ordinal)
            && !request.Uri.Query.Contains("peekonly=true", StringComparison.OrdinalIgnoreCase);
        return isQueueReceive ? rates.AmbiguousQueueReceives : request.Method != RequestMethod.Get && request.Method != RequestMethod.Head;
    }

    // As the service answers: OData JSON to a Table request (the Tables SDK reads its code from that body), XML to a Queue request.
    private static FakeResponse ServerBusy(Request request, string when) =>
        request.Headers.TryGetValue("DataServiceVersion", out _)
            ? new(503, $"{{\"odata.error\":{{\"code\":\"ServerBusy\",\"message\":{{\"lang\":\"en-US\",\"value\":\"Injected {when}.\"}}}}}}",
                ("x-ms-error-code", "ServerBusy"), ("Content-Type", "application/json;odata=minimalmetadata"))
            : new(503, $"<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>ServerBusy</Code><Message>Injected {when}.</Message></Error>",
                ("x-ms-error-code", "ServerBusy"), ("Content-Type", "application/xml"));
}
