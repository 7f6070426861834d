using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace CspUpgrades.Testing.ServiceBus;

/// <summary>
/// A TCP relay on 127.0.0.1 in front of the broker's listener, so that a test can cut every client's connection the way a
/// network failure does: a reset, with no AMQP close frame and no outcome for what was in flight.
/// </summary>
internal sealed class LoopbackProxy : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _upstreamPort;
    private readonly ConcurrentDictionary<Socket, Socket> _relays = new();
    private readonly CancellationTokenSource _stop = new();

    public LoopbackProxy(int upstreamPort)
    {
        _upstreamPort = upstreamPort;
        _listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Resets every relayed connection (both sides): the client sees its socket fail.</summary>
    public void ResetAll()
    {
        foreach (var (client, upstream) in _relays)
        {
            Reset(client);
            Reset(upstream);
            _relays.TryRemove(client, out _);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        ResetAll();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await upstream.ConnectAsync(IPAddress.Loopback, _upstreamPort).ConfigureAwait(false);
            client.NoDelay = true;
            _relays[client] = upstream;
            _ = PumpAsync(client, upstream);
            _ = PumpAsync(upstream, client);
        }
    }

    // Copies until either side ends; then ends the other (a closed relay is a closed connection to both).
    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token).ConfigureAwait(false)) > 0)
            {
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }

        _relays.TryRemove(from, out _);
        _relays.TryRemove(to, out _);
        Reset(from);
        Reset(to);
    }

    private static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
