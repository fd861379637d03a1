using Dream.Transparency.Notes;

namespace Dream.Transparency.Checkpoints;

/// <summary>The client's side: accepts a checkpoint only if the pinned log key signed it and it names the expected log.</summary>
public sealed class CheckpointVerifier
{
    public CheckpointVerifier(string origin, NoteVerifier key)
    {
        ArgumentException.ThrowIfNullOrEmpty(origin);
        ArgumentNullException.ThrowIfNull(key);
        Origin = origin;
        Key = key;
    }

    public string Origin { get; }

    public NoteVerifier Key { get; }

    /// <summary>Builds a verifier from the verifier key line that <c>GET /log/key</c> serves.</summary>
    public static CheckpointVerifier FromVerifierKey(string origin, string verifierKey) => new(origin, NoteVerifier.Parse(verifierKey));

    /// <summary>Verifies a signed checkpoint and returns its body.</summary>
    /// <exception cref="NoteFormatException">The note or the checkpoint in it is malformed.</exception>
    /// <exception cref="UnknownNoteKeyException">The pinned key did not sign it.</exception>
    /// <exception cref="NoteSignatureException">The pinned key's signature does not verify.</exception>
    /// <exception cref="CheckpointOriginMismatchException">It is a checkpoint of another log.</exception>
    public Checkpoint Verify(string signedNote) => Verify(SignedNote.Parse(signedNote));

    /// <inheritdoc cref="Verify(string)"/>
    public Checkpoint Verify(ReadOnlySpan<byte> signedNote) => Verify(SignedNote.Parse(signedNote));

    private Checkpoint Verify(SignedNote note)
    {
        // The text means nothing until a trusted signature covers it, so the signature comes first.
        Key.Verify(note);
        var checkpoint = Checkpoint.Parse(note.Text);
        if (checkpoint.Origin != Origin)
        {
            throw new CheckpointOriginMismatchException(Origin, checkpoint.Origin);
        }

        return checkpoint;
    }
}
