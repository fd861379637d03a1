using Dream.Edge.Publishing;
using Dream.Edge.Service;
using Dream.Systemd;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Dream.Edge.Tests;

/// <summary>The watchdog's evidence: it is fed only while every meter loop ticks within 3 sample periods + 30 s.</summary>
public sealed class WatchdogHealthTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_meter_loop_that_stops_ticking_stops_the_watchdog_and_a_tick_restores_it()
    {
        var time = new FakeTimeProvider(AgentHarness.T0);
        using var store = OutboxStore.Open(_directory.Combine("outbox.db"));
        using var authority = Ed25519PrivateKey.Generate();
        var meter = new MeterOptions { Id = "main", Uri = new Uri("tcp://127.0.0.1:1"), Profile = "test", PassportId = new('b', 64), SamplePeriodSeconds = 10 };
        var options = new AgentOptions
        {
            Meters = [meter],
            Broker = new BrokerOptions { Host = "127.0.0.1" },
            GridAuthorityKey = authority.PublicKey.Did,
            DataDirectory = _directory.Path,
            Outbox = new OutboxOptions(),
        };
        var status = new AgentStatus { Device = "did:key:z6MkWatchdog", StartedAtMs = 1 };
        status.Meters.Add(new MeterStatus { Id = "main", LastTickTimestamp = time.GetTimestamp() });
        await using var transport = new InMemoryReadingTransport();
        var publisher = new ReadingPublisher(transport, store, status, authority.PublicKey, time, TimeSpan.FromMinutes(5), NullLogger.Instance);
        using var notifier = new SystemdNotifier(null);
        using var watchdog = new WatchdogService(options, status, publisher, notifier, time, NullLogger.Instance);

        time.Advance(TimeSpan.FromSeconds(59));
        Assert.Null(watchdog.Stuck());

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("the sampling loop of meter main", watchdog.Stuck());

        status.Update(s => s.Meters[0].LastTickTimestamp = time.GetTimestamp());
        Assert.Null(watchdog.Stuck());
    }
}
