using Dream.Ledger.Ingest;
using Dream.Ledger.Log;
using Dream.Ledger.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dream.Ledger.Server.Hosting;

/// <summary>
/// The committer as the host sees it, registered first so that it stops last of the ledger's services: by then
/// MQTT ingest, the scheduler and the checkpoint loop have stopped, so the committer commits what is queued (at
/// most <see cref="LedgerOptions.ShutdownDrainTimeout"/>, at once while the store fails) and a last checkpoint
/// is signed if the store takes it. The engine itself starts before the host (the log is replayed first).
/// </summary>
internal sealed class LedgerCoreService(LedgerEngine engine, CheckpointPublisher checkpoints, ILogger log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await engine.StopAsync();
        try
        {
            await checkpoints.SignIfGrownAsync(CancellationToken.None);
        }
        catch (StoreWriteException e)
        {
            LedgerLog.CheckpointFailed(log, e.Cause, e.Message);
        }
    }
}
