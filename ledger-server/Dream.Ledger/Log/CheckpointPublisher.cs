using Dream.Ledger.Ingest;
using Dream.Ledger.Storage;
using Dream.Ledger.Tiles;
using Dream.Ledger.Witnessing;
using Dream.Transparency.Checkpoints;
using Dream.Transparency.Notes;

namespace Dream.Ledger.Log;

/// <summary>
/// Signs a C2SP checkpoint of the committed tree whenever it grew, and keeps every one it signed in the
/// store: an auditor holding any of them can demand a consistency proof from it. With witnesses, each checkpoint
/// is cosigned before it is saved, and one whose cosignatures are incomplete is offered again every period.
/// </summary>
public sealed class CheckpointPublisher(LedgerEngine engine, CheckpointSigner signer, string origin, TimeProvider time, WitnessCosigner? witnesses = null, TileWriter? tiles = null) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private StoredCheckpoint? _latest;
    private StoreWriteException? _failure;

    public string Origin { get; } = origin;

    public string VerifierKey => signer.VerifierKey;

    public StoredCheckpoint? Latest => Volatile.Read(ref _latest);

    /// <summary>Why the last attempt to save a checkpoint failed, or null once one is saved again.</summary>
    public StoreWriteException? Failure => Volatile.Read(ref _failure);

    /// <summary>Raised when a periodic signing could not save its checkpoint (it is tried again next period).</summary>
    public event EventHandler<StoreWriteException>? SignFailed;

    /// <summary>Where the tiles are written, or null.</summary>
    public TileWriter? Tiles => tiles;

    /// <summary>The witnesses asked to cosign, or null.</summary>
    public WitnessCosigner? Witnesses => witnesses;

    /// <summary>Signs a checkpoint of the committed tree unless the latest one already covers it (then only asks the witnesses that have not cosigned it).</summary>
    public async Task<StoredCheckpoint> SignIfGrownAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _latest ??= await engine.Store.LatestCheckpointAsync(cancellationToken);
            var head = engine.Head;
            if (_latest is not null && _latest.Size >= head.Size)
            {
                // A ledger that signed before it wrote tiles gets them without waiting for the log to grow.
                await WriteTilesAsync(_latest.Size, cancellationToken);
                if (witnesses is not null && witnesses.MissingFrom(_latest.Note) > 0)
                {
                    var more = await witnesses.CosignAsync(Checkpoint.Parse(SignedNote.Parse(_latest.Note).Text), _latest.Note, cancellationToken);
                    if (more.Length > _latest.Note.Length)
                    {
                        await SaveAsync(_latest with { Note = more }, cancellationToken);
                    }
                }

                // Reached only when the tiles and any cosignatures are saved.
                Volatile.Write(ref _failure, null);
                return _latest;
            }

            // The tiles a checkpoint needs exist before anyone can read the checkpoint.
            await WriteTilesAsync(head.Size, cancellationToken);
            var checkpoint = new Checkpoint(Origin, head.Size, head.Root);
            var note = signer.Sign(checkpoint);
            if (witnesses is not null)
            {
                note = await witnesses.CosignAsync(checkpoint, note, cancellationToken);
            }

            var signed = new StoredCheckpoint(head.Size, head.Root, note, time.GetUtcNow().ToUnixTimeMilliseconds());
            await SaveAsync(signed, cancellationToken);
            engine.Metrics.CheckpointSigned();
            return signed;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task WriteTilesAsync(long size, CancellationToken cancellationToken)
    {
        if (tiles is null)
        {
            return;
        }

        try
        {
            await tiles.WriteAsync(size, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var failure = new StoreWriteException(StoreFaultCauses.IoError, $"The tiles of size {size} could not be written to {tiles.Directory}: {e.Message}", e);
            engine.Metrics.StoreFaulted(failure.Cause);
            Volatile.Write(ref _failure, failure);
            throw failure;
        }
    }

    private async Task SaveAsync(StoredCheckpoint signed, CancellationToken cancellationToken)
    {
        try
        {
            await engine.Store.SaveCheckpointAsync(signed, cancellationToken);
        }
        catch (StoreWriteException e)
        {
            engine.Metrics.StoreFaulted(e.Cause);
            Volatile.Write(ref _failure, e);
            throw;
        }

        Volatile.Write(ref _failure, null);
        Volatile.Write(ref _latest, signed);
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>Signs every <paramref name="period"/> when the tree grew, until cancelled; a store that cannot save it is reported and retried.</summary>
    public async Task RunAsync(TimeSpan period, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(period, time);
        try
        {
            do
            {
                try
                {
                    await SignIfGrownAsync(cancellationToken);
                }
                catch (StoreWriteException e)
                {
                    SignFailed?.Invoke(this, e);
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
