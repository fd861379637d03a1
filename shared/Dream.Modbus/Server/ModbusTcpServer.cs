using System.Net;
using System.Net.Sockets;

namespace Dream.Modbus.Server;

/// <summary>A Modbus server on a TCP port, in Modbus TCP or RTU-over-TCP framing (like a transparent converter).</summary>
public sealed class ModbusTcpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly ModbusFraming _framing;
    private readonly IModbusDataModel _model;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private Task? _acceptLoop;

    public ModbusTcpServer(IPEndPoint endPoint, ModbusFraming framing, IModbusDataModel model)
    {
        _listener = new TcpListener(endPoint);
        _framing = framing;
        _model = model;
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_listener.LocalEndpoint;

    public void Start()
    {
        _listener.Start();
        _acceptLoop = AcceptLoopAsync(_stop.Token);
    }

    /// <summary>Completes when the server stops (after <see cref="DisposeAsync"/>).</summary>
    public Task Completion => _acceptLoop ?? Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        if (_acceptLoop is not null)
        {
            await _acceptLoop;
        }

        Task[] connections;
        lock (_connections)
        {
            connections = [.. _connections];
        }

        await Task.WhenAll(connections);
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            client.NoDelay = true;
            var connection = ServeAsync(client, cancellationToken);
            lock (_connections)
            {
                _connections.RemoveAll(t => t.IsCompleted);
                _connections.Add(connection);
            }
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken cancellationToken)
    {
        using (client)
        {
            try
            {
                await using var stream = client.GetStream();
                await ModbusStreamServer.ServeAsync(stream, _framing, _model, cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
            {
                // The client left or the server stops: nothing to report.
            }
        }
    }
}
