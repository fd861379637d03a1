using Dream.Crypto;
using Dream.Contracts.Clock;
using Dream.Edge.Clock;
using Dream.Edge.Configuration;
using Dream.Edge.Metering;
using Dream.Systemd;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dream.Edge.Service;

/// <summary>Runs the <see cref="Agent"/> under the Generic Host; a fault stops the host with a non-zero exit code.</summary>
public sealed partial class AgentHostedService(
    AgentOptions options,
    IMeterFactory meters,
    Ed25519PrivateKey deviceKey,
    ILoggerFactory loggers,
    IHostApplicationLifetime lifetime) : BackgroundService
{
    private readonly ILogger _log = loggers.CreateLogger("Dream.Edge.Service");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        TimeProvider time = options.ClockSpeed > 1 ? new AcceleratedTimeProvider(options.ClockSpeed, options.ClockEpochMs > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(options.ClockEpochMs) : null) : TimeProvider.System;
        using var notifier = SystemdNotifier.FromEnvironment();
        try
        {
            await using var agent = new Agent(options, meters, deviceKey, time, new KernelClockSynchronization(), notifier, loggers);
            await agent.RunAsync(stoppingToken);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            LogFailed(e);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "The agent failed")]
    private partial void LogFailed(Exception exception);
}
