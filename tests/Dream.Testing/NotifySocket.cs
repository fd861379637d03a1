using System.Net.Sockets;
using System.Text;

namespace Dream.Testing;

/// <summary>A service manager's end of sd_notify: a Unix datagram socket bound at a path (or an abstract name, leading NUL); one message per datagram.</summary>
public sealed class NotifySocket : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);

    public NotifySocket(string path)
    {
        _socket.Bind(new UnixDomainSocketEndPoint(path));
        _socket.ReceiveTimeout = 10_000;
    }

    /// <summary>The next message; throws <see cref="SocketException"/> when none comes within 10 s.</summary>
    public string Receive()
    {
        var buffer = new byte[4096];
        var n = _socket.Receive(buffer);
        return Encoding.UTF8.GetString(buffer, 0, n);
    }

    public void Dispose() => _socket.Dispose();
}
