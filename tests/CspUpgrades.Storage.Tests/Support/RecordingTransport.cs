using Azure.Core;
using Azure.Core.Pipeline;
using CspUpgrades.Testing.Azurite.Faults;

namespace CspUpgrades.Storage.Tests.Support;

/// <summary>Passes requests to a transport (real storage, or a canned answer) and keeps what went over the wire.</summary>
public sealed class RecordingTransport : HttpPipelineTransport
{
    private readonly HttpPipelineTransport? _inner;
    private readonly Func<Request, FakeResponse>? _answer;

    /// <summary>Records traffic to real storage.</summary>
    public RecordingTransport()
        => _inner = HttpClientTransport.Shared;

    /// <summary>Answers every request itself; nothing leaves the process.</summary>
    public RecordingTransport(Func<Request, FakeResponse> answer)
    {
        _answer = answer;
        _inner = null;
    }

    public List<Exchange> Exchanges { get; } = [];

    public Exchange Last => Exchanges[^1];

    public override Request CreateRequest() => (_inner ?? HttpClientTransport.Shared).CreateRequest();

    public override void Process(HttpMessage message) => ProcessAsync(message).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(HttpMessage message)
    {
        var request = message.Request;
        var body = string.Empty;
        if (request.Content is not null)
        {
            using var buffer = new MemoryStream();
            await request.Content.WriteToAsync(buffer, message.CancellationToken);
            body = System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        }

        if (_answer is not null)
        {
            message.Response = _answer(request);
        }
        else
        {
            message.BufferResponse = true;
            await _inner!.ProcessAsync(message);
        }

        var responseBody = string.Empty;
        if (message.Response.ContentStream is { } stream)
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            responseBody = System.Text.Encoding.UTF8.GetString(copy.ToArray());
            message.Response.ContentStream = new MemoryStream(copy.ToArray());
        }

        lock (Exchanges)
        {
            Exchanges.Add(new Exchange(
                request.Method.Method,
                request.Uri.ToUri(),
                request.Headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase),
                body,
                message.Response.Status,
                responseBody));
        }
    }

    public sealed record Exchange(string Method, Uri Uri, Dictionary<string, string> Headers, string Body, int Status, string ResponseBody);
}
