using System.Net.Sockets;

namespace Dream.Modbus.Client;

/// <summary>Opens TCP connections for <see cref="ModbusClient"/>.</summary>
public static class TcpConnector
{
    public static Func<CancellationToken, ValueTask<Stream>> For(string host, int port, TimeSpan connectTimeout) =>
        async cancellationToken =>
        {
            var client = new TcpClient { NoDelay = true };
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(connectTimeout);
                await client.ConnectAsync(host, port, timeout.Token);
                return new OwningNetworkStream(client);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                client.Dispose();
                throw new IOException($"Could not connect to {host}:{port} within {connectTimeout.TotalSeconds:0.#} s: check the address, the port and the network.");
            }
            catch (SocketException e)
            {
                client.Dispose();
                throw new IOException($"Could not connect to {host}:{port}: {e.Message}. Check the address, the port and that the device accepts Modbus connections.", e);
            }
        };

    private sealed class OwningNetworkStream(TcpClient client) : NetworkStream(client.Client, ownsSocket: true)
    {
        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (disposing)
            {
                client.Dispose();
            }
        }
    }
}
