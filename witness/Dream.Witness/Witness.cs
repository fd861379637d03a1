using System.Globalization;
using Dream.Transparency.Checkpoints;
using Dream.Transparency.Notes;

namespace Dream.Witness;

/// <summary>
/// The witness proper (C2SP tlog-witness add-checkpoint): for each log it knows (origin and log key) it cosigns a
/// checkpoint only if the log signed it and a consistency proof links it to the latest checkpoint it cosigned; the
/// check and the saving of the new one happen under one lock, so no two answers can roll the size back.
/// </summary>
public sealed class Witness
{
    private readonly Lock _lock = new();
    private readonly CosignatureSigner _signer;
    private readonly IReadOnlyDictionary<string, NoteVerifier> _logs;
    private readonly WitnessStore _store;
    private readonly TimeProvider _time;

    public Witness(CosignatureSigner signer, IReadOnlyDictionary<string, NoteVerifier> logs, WitnessStore store, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(logs);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        _signer = signer;
        _logs = logs;
        _store = store;
        _time = time;
    }

    public CosignatureVerifier Verifier => _signer.Verifier;

    /// <summary>Answers one add-checkpoint request body.</summary>
    public WitnessReply AddCheckpoint(ReadOnlySpan<byte> body)
    {
        AddCheckpointRequest request;
        SignedNote note;
        Checkpoint checkpoint;
        try
        {
            request = AddCheckpointRequest.Parse(body);
            note = SignedNote.Parse(request.SignedCheckpoint);
            checkpoint = Checkpoint.Parse(note.Text);
        }
        catch (NoteFormatException e)
        {
            return WitnessReply.Error(400, e.Message);
        }

        if (!_logs.TryGetValue(checkpoint.Origin, out var logKey))
        {
            return WitnessReply.Error(404, $"This witness does not witness the log '{checkpoint.Origin}'.");
        }

        try
        {
            logKey.Verify(note);
        }
        catch (Exception e) when (e is UnknownNoteKeyException or NoteSignatureException)
        {
            return WitnessReply.Error(403, $"No signature on the checkpoint verifies with the key of '{checkpoint.Origin}': {e.Message}");
        }

        if (request.OldSize > checkpoint.Size)
        {
            return WitnessReply.Error(400, $"The old size {request.OldSize} is larger than the checkpoint's size {checkpoint.Size}.");
        }

        lock (_lock)
        {
            return AddVerified(request, note, checkpoint);
        }
    }

    private WitnessReply AddVerified(AddCheckpointRequest request, SignedNote note, Checkpoint checkpoint)
    {
        var latest = _store.Latest(checkpoint.Origin);
        var knownSize = latest?.Size ?? 0;
        if (request.OldSize != knownSize)
        {
            return new WitnessReply(409, WitnessReply.TreeSize, knownSize.ToString(CultureInfo.InvariantCulture) + "\n");
        }

        if (latest is not null && checkpoint.Size == latest.Size && checkpoint.RootHash != latest.Root)
        {
            return Refuse(409, request, checkpoint, $"A different checkpoint of size {checkpoint.Size} was cosigned (root {latest.Root.ToBase64()}, not {checkpoint.RootHash.ToBase64()}): the log forked.");
        }

        if (latest is null)
        {
            if (request.Proof.Count != 0)
            {
                return WitnessReply.Error(422, "The consistency proof from size 0 must be empty.");
            }

            if (checkpoint.Size == 0 && checkpoint.RootHash != Rfc6962.EmptyRoot)
            {
                return Refuse(422, request, checkpoint, "A checkpoint of size 0 must have the root of the empty tree.");
            }
        }
        else if (checkpoint.Size > latest.Size || request.Proof.Count != 0)
        {
            try
            {
                MerkleProofVerifier.VerifyConsistency(latest.Size, checkpoint.Size, request.Proof, latest.Root, checkpoint.RootHash);
            }
            catch (MerkleProofException e)
            {
                return Refuse(422, request, checkpoint, $"The checkpoint of size {checkpoint.Size} is not proved an extension of the cosigned one of size {latest.Size}: {e.Message}");
            }
        }

        var now = _time.GetUtcNow();
        _store.Save(new WitnessedCheckpoint(checkpoint.Origin, checkpoint.Size, checkpoint.RootHash, request.SignedCheckpoint, now.ToUnixTimeMilliseconds()));
        return new WitnessReply(200, WitnessReply.TextPlain, _signer.SignatureLine(note.Text, now.ToUnixTimeSeconds()));
    }

    private WitnessReply Refuse(int status, AddCheckpointRequest request, Checkpoint checkpoint, string reason)
    {
        _store.RecordEvidence(checkpoint.Origin, _time.GetUtcNow().ToUnixTimeMilliseconds(), status, reason, request.ToText());
        return WitnessReply.Error(status, reason);
    }
}
