using System.Net;
using System.Net.Sockets;

namespace Dream.Mqtt.Tests.Fakes;

/// <summary>A scripted broker on loopback: the test accepts connections and plays the server's part packet by packet.</summary>
public sealed class FakeBroker : IDisposable
{
    private TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<FakeBrokerConnection> _connections = [];

    public FakeBroker()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
    }

    public int Port { get; private set; }

    /// <summary>Stops accepting: new connections are refused, like a broker that is down.</summary>
    public void StopListening() => _listener.Stop();

    /// <summary>Accepts again on the same port.</summary>
    public void StartListening()
    {
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Start();
    }

    public async Task<FakeBrokerConnection> AcceptAsync()
    {
        var socket = await _listener.AcceptSocketAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var connection = new FakeBrokerConnection(socket);
        lock (_connections)
        {
            _connections.Add(connection);
        }

        return connection;
    }

    public void Dispose()
    {
        _listener.Stop();
        lock (_connections)
        {
            foreach (var connection in _connections)
            {
                connection.Dispose();
            }
        }
    }
}
