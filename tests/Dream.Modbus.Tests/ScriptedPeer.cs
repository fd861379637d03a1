using System.Net;
using System.Net.Sockets;

namespace Dream.Modbus.Tests;

/// <summary>A fake device on a loopback port that speaks exactly the raw bytes its script writes, for the faults
/// a real device rarely produces on demand.</summary>
public sealed class ScriptedPeer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _connections;

    public ScriptedPeer(Func<NetworkStream, int, CancellationToken, Task> script)
    {
        _listener.Start();
        _loop = AcceptAsync(script);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Connections => Volatile.Read(ref _connections);

    /// <summary>A peer that reads each connection's request of <paramref name="requestLength"/> bytes and writes
    /// <paramref name="answer"/>, whatever the request said.</summary>
    public static ScriptedPeer Answering(int requestLength, byte[] answer) => new(async (s, _, ct) =>
    {
        await ReadAsync(s, requestLength, ct);
        await s.WriteAsync(answer, ct);
    });

    public static async Task<byte[]> ReadAsync(Stream stream, int count, CancellationToken cancellationToken)
    {
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer, cancellationToken);
        return buffer;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync(Func<NetworkStream, int, CancellationToken, Task> script)
    {
        var sessions = new List<Task>();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var index = Interlocked.Increment(ref _connections) - 1;
                sessions.Add(RunAsync(client, index, script));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        await Task.WhenAll(sessions);
    }

    private async Task RunAsync(TcpClient client, int index, Func<NetworkStream, int, CancellationToken, Task> script)
    {
        using (client)
        {
            try
            {
                await script(client.GetStream(), index, _stop.Token);
                await client.GetStream().ReadExactlyAsync(new byte[1], _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
            {
            }
        }
    }
}
