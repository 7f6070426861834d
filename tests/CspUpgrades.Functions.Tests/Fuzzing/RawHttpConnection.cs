using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace CspUpgrades.Functions.Tests.Fuzzing;

/// <summary>
/// A minimal HTTP/1.1 client over a socket. HttpClient would normalise the request target
/// (dot segments, escapes) and refuse dishonest framing; the fuzzer needs exactly the bytes it generated
/// to reach the server.
/// </summary>
public sealed class RawHttpConnection : IAsyncDisposable
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(15);

    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    private RawHttpConnection(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public bool IsReusable { get; private set; } = true;

    public static async Task<RawHttpConnection> OpenAsync(Uri server)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(server.Host, server.Port);
        return new RawHttpConnection(client);
    }

    public async Task<RawHttpResponse> SendAsync(FuzzRequest request, Uri server)
    {
        using var timeout = new CancellationTokenSource(AnswerTimeout);
        var bytes = Serialize(request, server);

        // The server may answer (413, 400) before it has read the whole body: write and read at once.
        var sending = WriteAsync(bytes, request.EndsEarly, timeout.Token);
        var response = await ReadResponseAsync(request.Method == "HEAD", timeout.Token);
        try
        {
            await sending;
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
        {
            IsReusable = false;
        }

        if (response.ClosesConnection || request.NeedsOwnConnection)
        {
            IsReusable = false;
        }

        return response;
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _client.Dispose();
    }

    private async Task WriteAsync(byte[] bytes, bool thenEndTheStream, CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(bytes, cancellationToken);
        if (thenEndTheStream)
        {
            // A body shorter than its Content-Length: end the stream so the server sees it end early.
            _client.Client.Shutdown(SocketShutdown.Send);
        }
    }

    private static byte[] Serialize(FuzzRequest request, Uri server)
    {
        var head = new StringBuilder();
        head.Append(request.Method).Append(' ').Append(request.Target).Append(" HTTP/1.1\r\n");
        head.Append("Host: ").Append(server.Authority).Append("\r\n");
        foreach (var (name, value) in request.Headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        var body = request.Body ?? [];
        switch (request.Framing)
        {
            case BodyFraming.ContentLength when request.Body is not null:
                head.Append("Content-Length: ").Append(body.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
                break;
            case BodyFraming.DeclaredLength:
                head.Append("Content-Length: ").Append(request.DeclaredLength.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
                break;
            case BodyFraming.Chunked:
                head.Append("Transfer-Encoding: chunked\r\n");
                body = Chunk(body);
                break;
        }

        head.Append("\r\n");
        var headBytes = Encoding.Latin1.GetBytes(head.ToString());
        return [.. headBytes, .. body];
    }

    private static byte[] Chunk(byte[] body)
    {
        using var chunked = new MemoryStream();
        for (var offset = 0; offset < body.Length; offset += 4096)
        {
            var length = Math.Min(4096, body.Length - offset);
            chunked.Write(Encoding.ASCII.GetBytes(length.ToString("x", CultureInfo.InvariantCulture) + "\r\n"));
            chunked.Write(body, offset, length);
            chunked.Write("\r\n"u8);
        }

        chunked.Write("0\r\n\r\n"u8);
        return chunked.ToArray();
    }

    private async Task<RawHttpResponse> ReadResponseAsync(bool headOnly, CancellationToken cancellationToken)
    {
        var statusLine = await ReadLineAsync(cancellationToken)
            ?? throw new IOException("The server closed the connection without answering.");
        var parts = statusLine.Split(' ', 3);
        var status = int.Parse(parts[1], CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (await ReadLineAsync(cancellationToken) is { Length: > 0 } line)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            headers[name] = headers.TryGetValue(name, out var earlier) ? earlier + ", " + value : value;
        }

        byte[] body;
        if (headOnly || status is 204 or 304)
        {
            body = [];
        }
        else if (headers.TryGetValue("Transfer-Encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = await ReadChunkedAsync(cancellationToken);
        }
        else if (headers.TryGetValue("Content-Length", out var length))
        {
            body = await ReadExactlyAsync(int.Parse(length, CultureInfo.InvariantCulture), cancellationToken);
        }
        else
        {
            body = await ReadToEndAsync(cancellationToken);
            IsReusable = false;
        }

        return new RawHttpResponse(status, headers, body);
    }

    private async Task<byte[]> ReadChunkedAsync(CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        while (true)
        {
            var sizeLine = await ReadLineAsync(cancellationToken) ?? throw new IOException("The chunked answer ended early.");
            var size = int.Parse(sizeLine.Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                while (await ReadLineAsync(cancellationToken) is { Length: > 0 })
                {
                }

                return body.ToArray();
            }

            body.Write(await ReadExactlyAsync(size, cancellationToken));
            await ReadLineAsync(cancellationToken);
        }
    }

    private async Task<byte[]> ReadExactlyAsync(int count, CancellationToken cancellationToken)
    {
        var result = new byte[count];
        var copied = 0;
        while (copied < count)
        {
            if (_start == _end && !await FillAsync(cancellationToken))
            {
                throw new IOException("The answer ended early.");
            }

            var take = Math.Min(count - copied, _end - _start);
            Array.Copy(_buffer, _start, result, copied, take);
            _start += take;
            copied += take;
        }

        return result;
    }

    private async Task<byte[]> ReadToEndAsync(CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        do
        {
            body.Write(_buffer, _start, _end - _start);
            _start = _end;
        }
        while (await FillAsync(cancellationToken));

        return body.ToArray();
    }

    private async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        while (true)
        {
            if (_start == _end && !await FillAsync(cancellationToken))
            {
                return line.Length > 0 ? line.ToString() : null;
            }

            var b = _buffer[_start++];
            if (b == '\n')
            {
                return line.ToString().TrimEnd('\r');
            }

            line.Append((char)b);
        }
    }

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        _start = 0;
        _end = await _stream.ReadAsync(_buffer, cancellationToken);
        return _end > 0;
    }
}
