using Dream.Systemd;
using Dream.Testing;

namespace Dream.Systemd.Tests;

public sealed class SystemdNotifierTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Messages_arrive_as_datagrams_on_a_path_socket()
    {
        var path = _directory.Combine("notify");
        using var receiver = new NotifySocket(path);
        using var notifier = new SystemdNotifier(path);

        notifier.Ready();
        notifier.Status("backlog 3\nlast reading 12:00");
        notifier.Watchdog();
        notifier.Stopping();

        Assert.True(notifier.IsEnabled);
        Assert.Equal("READY=1", receiver.Receive());
        Assert.Equal("STATUS=backlog 3 last reading 12:00", receiver.Receive());
        Assert.Equal("WATCHDOG=1", receiver.Receive());
        Assert.Equal("STOPPING=1", receiver.Receive());
    }

    [Fact]
    public void An_abstract_socket_name_starting_with_at_is_reached()
    {
        var name = "dream-notify-test-" + Guid.NewGuid().ToString("N");
        using var receiver = new NotifySocket("\0" + name);
        using var notifier = new SystemdNotifier("@" + name);

        notifier.Ready();

        Assert.Equal("READY=1", receiver.Receive());
    }

    [Fact]
    public void Without_a_socket_nothing_is_sent_and_nothing_fails()
    {
        using var notifier = new SystemdNotifier(null);
        notifier.Ready();
        Assert.False(notifier.IsEnabled);
    }

    [Fact]
    public void A_relative_socket_name_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => new SystemdNotifier("relative/socket"));
        Assert.Contains("NOTIFY_SOCKET", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_vanished_manager_does_not_throw()
    {
        var path = _directory.Combine("gone");
        using (new NotifySocket(path))
        {
        }

        File.Delete(path);
        using var notifier = new SystemdNotifier(path);
        notifier.Stopping();
        Assert.True(notifier.IsEnabled);
    }

    [Theory]
    [InlineData("60000000", null, 60_000)]
    [InlineData("60000000", "4242", 60_000)]
    [InlineData("1500", "", 1.5)]
    public void The_watchdog_interval_is_read_in_microseconds_for_this_process(string usec, string? pid, double milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), SystemdNotifier.WatchdogInterval(usec, pid, 4242));

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("0", null)]
    [InlineData("-5", null)]
    [InlineData("1e6", null)]
    [InlineData("60000000", "4243")]
    public void No_watchdog_interval_when_none_is_set_or_it_is_meant_for_another_process(string? usec, string? pid) =>
        Assert.Null(SystemdNotifier.WatchdogInterval(usec, pid, 4242));
}
