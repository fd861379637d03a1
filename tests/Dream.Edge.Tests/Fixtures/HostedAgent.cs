using Dream.Edge.Clock;
using Dream.Edge.Service;
using Dream.Systemd;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dream.Edge.Tests.Fixtures;

/// <summary>
/// The agent composed as dream-agent composes it (<see cref="AgentServices.AddEdgeAgent"/> on the Generic Host,
/// housekeeping and watchdog included), with the test's clock, clock synchronization and notifier.
/// </summary>
public sealed class HostedAgent : IAsyncDisposable
{
    private readonly IHost _host;

    public HostedAgent(AgentOptions options, IMeterFactory meters, Ed25519PrivateKey key, TimeProvider time, IClockSynchronization clock, SystemdNotifier notifier)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton(clock);
        builder.Services.AddSingleton(notifier);
        builder.Services.AddEdgeAgent(options, meters, key);
        _host = builder.Build();
        Agent = _host.Services.GetRequiredService<Agent>();
    }

    public Agent Agent { get; }

    public Dream.Edge.Outbox.OutboxStore Outbox => Agent.Outbox;

    public AgentStatus Status => Agent.Status;

    public Task Ready => Agent.Ready;

    public Dream.Edge.HomeAssistant.HomeAssistantPublisher? HomeAssistant => Agent.HomeAssistant;

    /// <summary>Starts the host and runs until <paramref name="cancellationToken"/> is cancelled or the agent fails, then stops it.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await _host.StartAsync(CancellationToken.None);
        await _host.WaitForShutdownAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is IAsyncDisposable asynchronous)
        {
            await asynchronous.DisposeAsync();
        }
        else
        {
            _host.Dispose();
        }
    }
}
