using Dream.Ledger.State;
using Dream.Transparency.Merkle;

namespace Dream.Ledger.Audit;

/// <summary>Where an audit reads a ledger from: its data directory, or its public HTTP API.</summary>
public interface IAuditSource
{
    Task<string> VerifierKeyAsync(CancellationToken cancellationToken);

    /// <summary>Every checkpoint the ledger signed, as C2SP signed notes, by increasing size.</summary>
    Task<IReadOnlyList<string>> CheckpointNotesAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<AuditEntry>> EntriesAsync(long start, int count, CancellationToken cancellationToken);

    Task<IReadOnlyList<Sha256Hash>> ConsistencyProofAsync(long fromSize, long toSize, CancellationToken cancellationToken);

    /// <summary>Source-specific checks of the replayed state against what the source stores; returns problems.</summary>
    Task<IReadOnlyList<string>> CrossCheckAsync(LedgerState state, long size, Sha256Hash root, CancellationToken cancellationToken);
}
