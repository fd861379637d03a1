using Dream.Contracts.Clock;
using Dream.Crypto;
using Dream.Edge.Clock;
using Dream.Edge.Configuration;
using Dream.Edge.Metering;
using Dream.Edge.MqttTransport;
using Dream.Edge.Outbox;
using Dream.Edge.Publishing;
using Dream.Edge.Transport;
using Dream.Systemd;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dream.Edge.Service;

/// <summary>The agent's composition root: what the host builds, in the order it starts and (reversed) stops.</summary>
public static class AgentServices
{
    /// <summary>
    /// Registers the agent: the outbox (opened when the host first needs it, not in a constructor), the status,
    /// the MQTT transport behind <see cref="IReadingTransport"/>, the publisher, the meter loops' sink, and three
    /// hosted services: housekeeping (stopped last, so its final status file says "stopped"), the agent, the
    /// watchdog. A <see cref="TimeProvider"/>, <see cref="IClockSynchronization"/> or <see cref="SystemdNotifier"/>
    /// registered before this call is used instead of the system's (the tests' manual clock).
    /// </summary>
    public static IServiceCollection AddEdgeAgent(this IServiceCollection services, AgentOptions options, IMeterFactory meters, Ed25519PrivateKey deviceKey)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(deviceKey);
        services.TryAddSingleton(_ => options.ClockSpeed > 1
            ? new AcceleratedTimeProvider(options.ClockSpeed, options.ClockEpochMs > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(options.ClockEpochMs) : null)
            : TimeProvider.System);
        services.TryAddSingleton<IClockSynchronization>(_ => new KernelClockSynchronization());
        services.TryAddSingleton(_ => SystemdNotifier.FromEnvironment());
        services.AddSingleton(_ =>
        {
            Directory.CreateDirectory(options.DataDirectory);
            return OutboxStore.Open(options.OutboxFile, options.Outbox.MaxReadings);
        });
        services.AddSingleton(sp => new AgentStatus
        {
            Device = deviceKey.PublicKey.Did,
            StartedAtMs = sp.GetRequiredService<TimeProvider>().GetUtcNow().ToUnixTimeMilliseconds(),
            OutboxMax = options.Outbox.MaxReadings,
        });
        services.AddSingleton<IReadingTransport>(_ => new MqttReadingTransport(options.Broker, deviceKey.PublicKey.Did));
        services.AddSingleton(sp => new ReadingPublisher(
            sp.GetRequiredService<IReadingTransport>(),
            sp.GetRequiredService<OutboxStore>(),
            sp.GetRequiredService<AgentStatus>(),
            DidKey.Decode(options.GridAuthorityKey),
            sp.GetRequiredService<TimeProvider>(),
            TimeSpan.FromSeconds(options.Broker.ReceiptTimeoutSeconds),
            Logger(sp, "Dream.Edge.Publisher")));
        services.AddSingleton(sp =>
        {
            var publisher = sp.GetRequiredService<ReadingPublisher>();
            return new OutboxIntervalSink(sp.GetRequiredService<OutboxStore>(), sp.GetRequiredService<AgentStatus>(), deviceKey, publisher.Wake, Logger(sp, "Dream.Edge.Agent"));
        });
        services.AddSingleton(sp => new Agent(
            options,
            meters,
            sp.GetRequiredService<OutboxStore>(),
            sp.GetRequiredService<AgentStatus>(),
            sp.GetRequiredService<ReadingPublisher>(),
            sp.GetRequiredService<OutboxIntervalSink>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IClockSynchronization>(),
            sp.GetRequiredService<SystemdNotifier>(),
            sp.GetRequiredService<ILoggerFactory>()));
        services.AddHostedService(sp => new HousekeepingService(
            options,
            sp.GetRequiredService<OutboxStore>(),
            sp.GetRequiredService<AgentStatus>(),
            sp.GetRequiredService<IClockSynchronization>(),
            sp.GetRequiredService<ReadingPublisher>(),
            sp.GetRequiredService<SystemdNotifier>(),
            sp.GetRequiredService<TimeProvider>(),
            Logger(sp, "Dream.Edge.Housekeeping")));
        services.AddHostedService(sp => new AgentHostedService(sp.GetRequiredService<Agent>(), Logger(sp, "Dream.Edge.Service"), sp.GetRequiredService<IHostApplicationLifetime>()));
        services.AddHostedService(sp => new WatchdogService(
            options,
            sp.GetRequiredService<AgentStatus>(),
            sp.GetRequiredService<ReadingPublisher>(),
            sp.GetRequiredService<SystemdNotifier>(),
            sp.GetRequiredService<TimeProvider>(),
            Logger(sp, "Dream.Edge.Watchdog")));
        return services;
    }

    private static ILogger Logger(IServiceProvider services, string category) => services.GetRequiredService<ILoggerFactory>().CreateLogger(category);
}
