using System.Net.Sockets;
using System.Text;

namespace Dream.Ledger.Server.Hosting;

/// <summary>systemd's sd_notify: one datagram to $NOTIFY_SOCKET (READY=1, STATUS=..., WATCHDOG=1, STOPPING=1).</summary>
public static class SdNotify
{
    public static bool Send(string state)
    {
        var path = Environment.GetEnvironmentVariable("NOTIFY_SOCKET");
        if (string.IsNullOrEmpty(path))
        {
            return false;
        }

        if (path[0] == '@')
        {
            path = "\0" + path[1..];
        }

        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(path));
            socket.Send(Encoding.UTF8.GetBytes(state));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Half the watchdog interval systemd asks for, or null when there is no watchdog.</summary>
    public static TimeSpan? WatchdogInterval()
    {
        var usec = Environment.GetEnvironmentVariable("WATCHDOG_USEC");
        return long.TryParse(usec, out var value) && value > 0 ? TimeSpan.FromMicroseconds(value / 2.0) : null;
    }
}
