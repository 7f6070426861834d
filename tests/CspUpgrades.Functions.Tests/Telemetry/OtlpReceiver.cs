using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CspUpgrades.Functions.Tests.Telemetry;

/// <summary>
/// An OTLP/HTTP endpoint on a loopback port that keeps every export it receives (<c>POST /v1/traces</c>,
/// <c>/v1/metrics</c>, <c>/v1/logs</c>, protobuf bodies) and answers 200, as a collector would.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _server;
    private readonly ConcurrentQueue<(string Signal, byte[] Body)> _exports = new();

    private OtlpReceiver(WebApplication server) => _server = server;

    public Uri Endpoint => new(_server.Urls.Single());

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var server = builder.Build();
        var receiver = new OtlpReceiver(server);
        server.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            receiver._exports.Enqueue((signal, body.ToArray()));
            return Results.Ok();
        });
        await server.StartAsync();
        return receiver;
    }

    /// <summary>The bodies received for <paramref name="signal"/> (<c>traces</c>, <c>metrics</c>, <c>logs</c>).</summary>
    public IReadOnlyList<byte[]> Exports(string signal) => [.. _exports.Where(export => export.Signal == signal).Select(export => export.Body)];

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();
}
