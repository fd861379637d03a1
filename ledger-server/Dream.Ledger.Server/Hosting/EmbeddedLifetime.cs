using Microsoft.Extensions.Hosting;

namespace Dream.Ledger.Server.Hosting;

/// <summary>
/// The host's lifetime, without signal handling: signals belong to the process. <c>dream-ledger run</c> registers
/// SIGTERM and SIGINT from its first moment, before the host exists (while the log is replayed), and disposes the
/// server, which stops the host and so its services in order (<see cref="LedgerServer.DisposeAsync"/>); tests and
/// benchmarks embed the server likewise. The default console lifetime would stop Kestrel alone and swallow the signal.
/// </summary>
internal sealed class EmbeddedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
