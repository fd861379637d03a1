using Dream.Ledger.Log;
using Dream.Ledger.State;
using Dream.Ledger.Storage;
using Dream.Transparency.Checkpoints;
using Dream.Transparency.Merkle;
using Dream.Transparency.Notes;

namespace Dream.Ledger.Audit;

/// <summary>
/// Recomputes from the entries alone everything the server stores beside them and relies on, and compares:
/// each entry's kind, device and sequence columns; every readings index row (hash, previous hash, interval,
/// registers, log index, and the device number it is filed under: a reading found under another device's
/// number is missing from its own);
/// every tree node at every level, and that there are no others; every checkpoint row against its signed
/// note; the submitted passports against their envelopes and the log. Entries after the latest checkpoint
/// (signed size) are replayed with every rule too. The store's integrity check comes first.
/// </summary>
public sealed class StoreConsistency(ILedgerStore store, LedgerState state, long signedSize)
{
    private const int MaxProblems = 100;
    private readonly List<string> _problems = [];
    private long _more;

    /// <summary>What differs, at most <see cref="MaxProblems"/> lines (the last says how many more).</summary>
    public IReadOnlyList<string> Problems => _more == 0 ? _problems : [.. _problems, $"... and {_more} more problems of the stored data"];

    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        foreach (var problem in await store.CheckIntegrityAsync(cancellationToken))
        {
            Add(problem);
        }

        var counts = await store.CountAsync(cancellationToken);
        var tree = new CompactRange();
        var nodes = new List<MerkleNode>();
        long readings = 0;
        long nodeCount = 0;
        var size = store.Size;
        for (long start = 0; start < size; start += LedgerAuditor.PageSize)
        {
            var page = await store.ReadEntriesAsync(start, (int)Math.Min(LedgerAuditor.PageSize, size - start), cancellationToken);
            if (page.Count == 0)
            {
                Add($"The store counts {size} entries but has none from {start}.");
                break;
            }

            nodes.Clear();
            foreach (var entry in page)
            {
                if (entry.Index != tree.Size)
                {
                    Add($"Expected entry {tree.Size}, the store has {entry.Index} next.");
                    return;
                }

                var leaf = Rfc6962.HashLeaf(entry.Data);
                if (entry.Index >= signedSize && leaf != entry.LeafHash)
                {
                    Add($"Entry {entry.Index} (after the latest checkpoint): the leaf hash does not match the entry bytes.");
                }

                tree.Append(leaf, nodes);
                readings += CheckColumnsAndReading(entry);
                if (entry.Index >= signedSize && LedgerAuditor.ReplayEntry(state, entry.Index, entry.Data) is { } problem)
                {
                    Add($"Entry {entry.Index} (after the latest checkpoint): {problem}");
                }
            }

            nodeCount += nodes.Count;
            await CheckNodesAsync(nodes, cancellationToken);
        }

        if (counts.Readings != readings)
        {
            Add($"The readings index holds {counts.Readings} rows; the log holds {readings} readings.");
        }

        if (counts.Nodes != nodeCount)
        {
            Add($"The tree holds {counts.Nodes} stored nodes; the entries give {nodeCount}.");
        }

        await CheckCheckpointsAsync(size, cancellationToken);
        await CheckPendingPassportsAsync(cancellationToken);
    }

    private void Add(string problem)
    {
        if (_problems.Count < MaxProblems)
        {
            _problems.Add(problem);
        }
        else
        {
            _more++;
        }
    }

    /// <summary>Checks the entry's own columns and, for a reading, its index row; returns 1 for a reading.</summary>
    private int CheckColumnsAndReading(StoredEntry entry)
    {
        SignedEnvelope envelope;
        EntryKind? kind;
        IntervalReading? reading = null;
        try
        {
            envelope = SignedEnvelope.Parse(entry.Data);
            kind = LedgerState.KindOf(envelope);
            if (kind == EntryKind.Reading)
            {
                reading = IntervalReading.ParsePayload(envelope.Payload);
            }
        }
        catch (Exception e) when (e is ContractException or FormatException or System.Text.Json.JsonException)
        {
            // The replay reports the entry itself; its columns cannot be derived.
            return 0;
        }

        if (entry.Kind != kind)
        {
            Add($"Entry {entry.Index}: the stored kind is {entry.Kind}, the entry is a {kind}.");
        }

        if (reading is null)
        {
            if (entry.Device is not null || entry.Sequence != 0)
            {
                Add($"Entry {entry.Index}: a {kind} entry has a stored device and sequence.");
            }

            return 0;
        }

        if (entry.Device != reading.Device || entry.Sequence != reading.Sequence)
        {
            Add($"Entry {entry.Index}: the stored device and sequence ({entry.Device} {entry.Sequence}) are not the reading's ({reading.Device} {reading.Sequence}).");
        }

        var expected = new StoredReading(reading.Device, reading.Sequence, entry.Index, Hex.Sha256(envelope.Payload.Span), reading.PreviousHash,
            reading.StartMs, reading.EndMs, reading.ImportWh, reading.ExportWh);
        var stored = store.FindReading(reading.Device, reading.Sequence);
        if (stored != expected)
        {
            Add(stored is null
                ? $"Entry {entry.Index}: the readings index has no row for reading {reading.Sequence} of {reading.Device}."
                : $"Entry {entry.Index}: the readings index row of reading {reading.Sequence} of {reading.Device} differs from the entry: stored {stored}, entry gives {expected}.");
        }

        return 1;
    }

    private async Task CheckNodesAsync(List<MerkleNode> expected, CancellationToken cancellationToken)
    {
        var stored = new Sha256Hash[expected.Count];
        try
        {
            await store.ReadNodesAsync([.. expected.Select(n => n.Id)], stored, cancellationToken);
        }
        catch (MerkleNodeNotFoundException e)
        {
            Add($"The stored tree lacks node {e.Node} (level/index) among nodes {expected[0].Id}..{expected[^1].Id}.");
            return;
        }

        for (var i = 0; i < expected.Count; i++)
        {
            if (stored[i] != expected[i].Hash)
            {
                Add($"Stored tree node {expected[i].Id} (level/index) is {stored[i].ToBase64()}; the entries give {expected[i].Hash.ToBase64()}.");
            }
        }
    }

    private async Task CheckCheckpointsAsync(long size, CancellationToken cancellationToken)
    {
        var checkpoints = await store.CheckpointsAsync(cancellationToken);
        // A server that runs during the audit goes on appending and signing: a checkpoint newer than the entries
        // audited is fine as long as the log now holds it (the log only grows).
        var now = Math.Max(size, store.Size);
        foreach (var checkpoint in checkpoints)
        {
            Checkpoint signed;
            try
            {
                signed = Checkpoint.Parse(SignedNote.Parse(checkpoint.Note).Text);
            }
            catch (Exception e) when (e is NoteFormatException or FormatException)
            {
                // The auditor reports a note that does not verify.
                continue;
            }

            if (signed.Size != checkpoint.Size || signed.RootHash != checkpoint.Root)
            {
                Add($"The checkpoint row of size {checkpoint.Size} (root {checkpoint.Root.ToBase64()}) is not what its signed note says (size {signed.Size}, root {signed.RootHash.ToBase64()}).");
            }
            else if (checkpoint.Size > now)
            {
                Add($"A checkpoint of size {checkpoint.Size} is stored, but the log holds {now} entries.");
            }
        }
    }

    private async Task CheckPendingPassportsAsync(CancellationToken cancellationToken)
    {
        foreach (var pending in await store.PendingPassportsAsync(cancellationToken))
        {
            try
            {
                var passport = SignedPassport.Verify(pending.Envelope);
                if (passport.Id != pending.Id || passport.Passport.Device != pending.Device)
                {
                    Add($"Submitted passport {pending.Id} (device {pending.Device}): its envelope is passport {passport.Id} of {passport.Passport.Device}.");
                }
            }
            catch (ContractException e)
            {
                Add($"Submitted passport {pending.Id}: its stored envelope does not verify: {e.Message}");
            }

            // "pending" beside a logged passport is harmless (the log's status is served); the others must agree with the log.
            var logged = state.Passports.GetValueOrDefault(pending.Id);
            var agrees = pending.Status switch
            {
                "pending" => true,
                "approved" => logged is { Revocation: null },
                "revoked" => logged is { Revocation: not null },
                _ => false,
            };
            if (!agrees)
            {
                Add($"Submitted passport {pending.Id} has status '{pending.Status}', which the log does not bear out.");
            }
        }
    }
}
