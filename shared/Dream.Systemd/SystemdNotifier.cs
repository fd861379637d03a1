using System.Net.Sockets;
using System.Text;

namespace Dream.Systemd;

/// <summary>
/// Tells the service manager about the service's state (sd_notify(3)): one datagram per message to the
/// socket named by <c>NOTIFY_SOCKET</c>. Without that variable (not started by systemd, or not
/// <c>Type=notify</c>) every call does nothing, so the same binary runs anywhere.
/// </summary>
public sealed class SystemdNotifier : IDisposable
{
    public const string SocketVariable = "NOTIFY_SOCKET";

    private readonly Lock _lock = new();
    private readonly Socket? _socket;
    private readonly UnixDomainSocketEndPoint? _endPoint;

    public SystemdNotifier(string? notifySocket)
    {
        if (string.IsNullOrEmpty(notifySocket))
        {
            return;
        }

        if (notifySocket[0] is not ('/' or '@'))
        {
            throw new ArgumentException($"{SocketVariable} is \"{notifySocket}\"; it must be an absolute path or an abstract name starting with '@'.", nameof(notifySocket));
        }

        // An abstract socket name is written with a leading '@' and lives at a leading NUL byte.
        _endPoint = new UnixDomainSocketEndPoint(notifySocket[0] == '@' ? "\0" + notifySocket[1..] : notifySocket);
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    }

    /// <summary>A notifier for the socket systemd gave this process, if any.</summary>
    public static SystemdNotifier FromEnvironment() => new(Environment.GetEnvironmentVariable(SocketVariable));

    /// <summary>Whether a service manager listens (NOTIFY_SOCKET was set).</summary>
    public bool IsEnabled => _socket is not null;

    /// <summary>
    /// The watchdog period systemd expects (<c>WATCHDOG_USEC</c>), when it is meant for this process
    /// (<c>WATCHDOG_PID</c> absent or ours); null when no watchdog is configured.
    /// </summary>
    public static TimeSpan? WatchdogInterval() => WatchdogInterval(
        Environment.GetEnvironmentVariable("WATCHDOG_USEC"),
        Environment.GetEnvironmentVariable("WATCHDOG_PID"),
        Environment.ProcessId);

    /// <summary>The watchdog period named by <paramref name="usec"/> (decimal microseconds) for <paramref name="processId"/>; null when it names none or another process.</summary>
    public static TimeSpan? WatchdogInterval(string? usec, string? pid, int processId)
    {
        if (!long.TryParse(usec, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var microseconds) || microseconds <= 0)
        {
            return null;
        }

        if (!string.IsNullOrEmpty(pid) && pid != processId.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            return null;
        }

        return TimeSpan.FromTicks(microseconds * 10);
    }

    public void Ready() => Send("READY=1");

    public void Watchdog() => Send("WATCHDOG=1");

    public void Stopping() => Send("STOPPING=1");

    /// <summary>A one-line status shown by <c>systemctl status</c>; newlines would start a new assignment, so they become spaces.</summary>
    public void Status(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Send("STATUS=" + text.ReplaceLineEndings(" "));
    }

    /// <summary>Sends raw assignments (<c>KEY=value</c> lines) in one datagram.</summary>
    public void Send(string assignments)
    {
        ArgumentNullException.ThrowIfNull(assignments);
        if (_socket is null)
        {
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(assignments);
        lock (_lock)
        {
            try
            {
                _socket.SendTo(bytes, SocketFlags.None, _endPoint!);
            }
            catch (SocketException)
            {
                // The manager went away (e.g. during shutdown): notifications are advisory, never fatal.
            }
        }
    }

    public void Dispose() => _socket?.Dispose();
}
