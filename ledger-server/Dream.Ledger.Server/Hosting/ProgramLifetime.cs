using Microsoft.Extensions.Hosting;

namespace Dream.Ledger.Server.Hosting;

/// <summary>
/// The web host's lifetime without signal handling: <c>dream-ledger run</c> owns SIGTERM and stops the whole
/// server in order (<see cref="LedgerServer.DisposeAsync"/>). With the default console lifetime, SIGTERM stopped
/// Kestrel alone and swallowed the signal while MQTT and the committer went on.
/// </summary>
internal sealed class ProgramLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
