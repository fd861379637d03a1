using Dream.Ledger.State;
using Dream.Transparency.Checkpoints;
using Dream.Transparency.Merkle;
using Dream.Transparency.Notes;
using Dream.Transparency.Witnesses;

namespace Dream.Ledger.Audit;

/// <summary>
/// Checks a ledger from scratch: every checkpoint's signature, every entry's leaf hash and signatures, the
/// replay of every rule (registry and reading chains), the tree root at every signed size, and consistency
/// with a checkpoint the auditor saved earlier.
/// </summary>
public static class LedgerAuditor
{
    public const int PageSize = 1000;

    public static Task<AuditReport> AuditAsync(IAuditSource source, string? trustedNote, CancellationToken cancellationToken = default) =>
        AuditAsync(source, trustedNote, null, cancellationToken);

    /// <summary>As <see cref="AuditAsync(IAuditSource, string?, CancellationToken)"/>; with <paramref name="witnesses"/>, the latest checkpoint must also carry their quorum of cosignatures.</summary>
    public static async Task<AuditReport> AuditAsync(IAuditSource source, string? trustedNote, WitnessQuorum? witnesses, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var report = new AuditReport();
        var key = NoteVerifier.Parse((await source.VerifierKeyAsync(cancellationToken)).Trim());
        var notes = await source.CheckpointNotesAsync(cancellationToken);
        if (notes.Count == 0)
        {
            report.Problems.Add("The ledger has signed no checkpoint.");
            return report;
        }

        // The origin the checkpoints name (the latest note that parses); each note is verified below.
        var origin = notes.Reverse().Select(OriginOf).FirstOrDefault(o => o is not null);
        if (origin is null)
        {
            report.Problems.Add("No stored checkpoint note can be read.");
            return report;
        }

        var verifier = new CheckpointVerifier(origin, key);
        var checkpoints = new SortedDictionary<long, Checkpoint>();
        foreach (var note in notes)
        {
            try
            {
                var checkpoint = verifier.Verify(note);
                checkpoints[checkpoint.Size] = checkpoint;
                report.CheckpointsVerified++;
                if (report.Latest is null || checkpoint.Size >= report.Latest.Size)
                {
                    report.Latest = checkpoint;
                    report.LatestNote = note;
                }
            }
            catch (Exception e) when (e is NoteFormatException or NoteSignatureException or UnknownNoteKeyException or CheckpointOriginMismatchException or FormatException)
            {
                report.Problems.Add($"A checkpoint does not verify: {e.Message}");
            }
        }

        var latest = report.Latest;
        if (latest is null)
        {
            return report;
        }

        if (witnesses is not null)
        {
            CheckWitnesses(report, witnesses, notes);
        }

        var state = new LedgerState(key.PublicKey.Did) { MarketReadings = new Trading.MemoryReadingSource() };
        report.State = state;
        var tree = new CompactRange();
        if (checkpoints.TryGetValue(0, out var empty) && empty.RootHash != Rfc6962.EmptyRoot)
        {
            report.Problems.Add("The checkpoint of size 0 does not commit to the empty tree.");
        }

        for (long start = 0; start < latest.Size; start += PageSize)
        {
            var page = await source.EntriesAsync(start, (int)Math.Min(PageSize, latest.Size - start), cancellationToken);
            if (page.Count == 0)
            {
                report.Problems.Add($"The source has no entry {start}, below the signed size {latest.Size}.");
                break;
            }

            foreach (var entry in page)
            {
                if (entry.Index != tree.Size)
                {
                    report.Problems.Add($"Expected entry {tree.Size}, got {entry.Index}.");
                    return report;
                }

                CheckEntry(report, state, entry);
                tree.Append(entry.LeafHash);
                report.Entries++;
                if (checkpoints.TryGetValue(tree.Size, out var signed) && signed.RootHash != tree.Root())
                {
                    report.Problems.Add($"The signed checkpoint of size {signed.Size} has root {signed.RootHash.ToBase64()}; the entries give {tree.Root().ToBase64()}.");
                }
            }
        }

        if (trustedNote is not null)
        {
            await CheckTrustedAsync(report, source, verifier, trustedNote, latest, cancellationToken);
        }

        if (checkpoints.Count >= 2)
        {
            var previous = checkpoints.Values.Where(c => c.Size > 0 && c.Size < latest.Size).LastOrDefault();
            if (previous is not null)
            {
                try
                {
                    AuditVerifier.VerifyConsistent(previous, latest, await source.ConsistencyProofAsync(previous.Size, latest.Size, cancellationToken));
                }
                catch (InconsistentCheckpointException e)
                {
                    report.Problems.Add($"The served consistency proof from {previous.Size} to {latest.Size} does not verify: {e.Message}");
                }
            }
        }

        report.Problems.AddRange(MarketAudit.Problems(state));
        report.Problems.AddRange(await source.CrossCheckAsync(state, latest.Size, tree.Root(), cancellationToken));
        return report;
    }

    /// <summary>
    /// The latest checkpoint is the one an auditor trusts from now on, so it must carry the quorum; an earlier one
    /// without it (signed before witnesses were configured, or while they were down) is covered by the latest, to
    /// which the rebuilt tree links it, and is only counted.
    /// </summary>
    private static void CheckWitnesses(AuditReport report, WitnessQuorum witnesses, IReadOnlyList<string> notes)
    {
        try
        {
            var cosigners = witnesses.Verify(report.LatestNote!);
            report.Notes.Add($"latest checkpoint (size {report.Latest!.Size}) cosigned by {string.Join(", ", cosigners)} ({witnesses.Threshold} of {witnesses.Witnesses.Count} witnesses required)");
        }
        catch (WitnessQuorumException e)
        {
            report.Problems.Add($"The latest checkpoint (size {report.Latest!.Size}) is not witnessed: {e.Message}");
        }

        var quorate = notes.Count(note =>
        {
            try
            {
                return witnesses.Cosigners(SignedNote.Parse(note)).Count >= witnesses.Threshold;
            }
            catch (NoteFormatException)
            {
                return false;
            }
        });
        report.Notes.Add($"{quorate} of {notes.Count} checkpoints carry the witness quorum");
    }

    private static string? OriginOf(string note)
    {
        try
        {
            return Checkpoint.Parse(SignedNote.Parse(note).Text).Origin;
        }
        catch (Exception e) when (e is NoteFormatException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Replays one entry with every signature and rule; returns the problem, or null.</summary>
    internal static string? ReplayEntry(LedgerState state, long index, byte[] data)
    {
        try
        {
            var envelope = SignedEnvelope.Parse(data);
            var applied = state.Replay(index, envelope, verifySignatures: true);
            if (applied.Kind == Log.EntryKind.Reading && state.MarketReadings is Trading.MemoryReadingSource readings)
            {
                readings.Add(index, IntervalReading.ParsePayload(envelope.Payload));
            }

            return null;
        }
        catch (Exception e) when (e is ContractException or LedgerRuleException)
        {
            return e.Message;
        }
    }

    private static void CheckEntry(AuditReport report, LedgerState state, AuditEntry entry)
    {
        if (entry.Data is null)
        {
            report.Withheld++;
            return;
        }

        if (Rfc6962.HashLeaf(entry.Data) != entry.LeafHash)
        {
            report.Problems.Add($"Entry {entry.Index}: the leaf hash does not match the entry bytes.");
        }

        if (ReplayEntry(state, entry.Index, entry.Data) is { } problem)
        {
            report.Problems.Add($"Entry {entry.Index}: {problem}");
        }
    }

    private static async Task CheckTrustedAsync(AuditReport report, IAuditSource source, CheckpointVerifier verifier, string trustedNote, Checkpoint latest, CancellationToken cancellationToken)
    {
        Checkpoint trusted;
        try
        {
            trusted = verifier.Verify(trustedNote);
        }
        catch (Exception e) when (e is NoteFormatException or NoteSignatureException or UnknownNoteKeyException or CheckpointOriginMismatchException or FormatException)
        {
            report.Problems.Add($"The saved checkpoint does not verify with this ledger's key: {e.Message}");
            return;
        }

        if (trusted.Size > latest.Size)
        {
            report.Problems.Add($"The ledger shrank: the saved checkpoint has {trusted.Size} entries, the latest {latest.Size}.");
            return;
        }

        try
        {
            var proof = trusted.Size == 0 || trusted.Size == latest.Size ? [] : await source.ConsistencyProofAsync(trusted.Size, latest.Size, cancellationToken);
            AuditVerifier.VerifyConsistent(trusted, latest, proof);
            report.Notes.Add($"consistent with the saved checkpoint of size {trusted.Size}");
        }
        catch (InconsistentCheckpointException e)
        {
            report.Problems.Add($"The log is not consistent with the saved checkpoint of size {trusted.Size}: {e.Message}");
        }
    }
}
