using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dream.Edge.Service;

/// <summary>
/// Runs the <see cref="Agent"/> under the Generic Host; a fault stops the host with a non-zero exit code. Not a
/// BackgroundService: the agent starts on the host's start (its loops are waiting on the clock when StartAsync
/// returns), not later on the thread pool.
/// </summary>
internal sealed partial class AgentHostedService(Agent agent, ILogger log, IHostApplicationLifetime lifetime) : IHostedService, IDisposable
{
    private readonly ILogger _log = log;
    private readonly CancellationTokenSource _stop = new();
    private Task _run = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _run = RunAsync(_stop.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync();
        await _run.WaitAsync(cancellationToken);
    }

    public void Dispose() => _stop.Dispose();

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
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
