using Microsoft.Extensions.Hosting;

namespace Dream.Ledger.Server.Hosting;

/// <summary>One of the ledger's periodic loops (checkpoint signing, the market scheduler) as a hosted service: it
/// starts and stops with the host, in the order <see cref="LedgerServer"/> registers the services.</summary>
internal sealed class LoopService(Func<CancellationToken, Task> loop) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => loop(stoppingToken);
}
