using Dream.Transparency.Notes;

namespace Dream.Transparency.Witnesses;

/// <summary>
/// A client's witness policy: the witness keys it trusts and how many of them (k of n) must have cosigned a
/// checkpoint before it believes the log shows everyone the same tree.
/// </summary>
public sealed class WitnessQuorum
{
    /// <exception cref="ArgumentException">No witness, a witness named twice, or a threshold outside 1..n.</exception>
    public WitnessQuorum(IReadOnlyList<CosignatureVerifier> witnesses, int threshold)
    {
        ArgumentNullException.ThrowIfNull(witnesses);
        if (witnesses.Count == 0)
        {
            throw new ArgumentException("A witness quorum needs at least one witness key.", nameof(witnesses));
        }

        if (witnesses.Select(w => (w.Name, w.KeyId)).Distinct().Count() != witnesses.Count)
        {
            throw new ArgumentException("A witness key is given twice: each witness counts once.", nameof(witnesses));
        }

        if (threshold < 1 || threshold > witnesses.Count)
        {
            throw new ArgumentException($"The witness threshold must be between 1 and {witnesses.Count} (the number of witness keys), not {threshold}.", nameof(threshold));
        }

        Witnesses = witnesses;
        Threshold = threshold;
    }

    public IReadOnlyList<CosignatureVerifier> Witnesses { get; }

    public int Threshold { get; }

    /// <summary>The witnesses whose valid cosignature <paramref name="note"/> carries; why each other one does not count goes to <paramref name="missing"/>.</summary>
    public IReadOnlyList<string> Cosigners(SignedNote note, ICollection<string>? missing = null)
    {
        ArgumentNullException.ThrowIfNull(note);
        var cosigners = new List<string>();
        foreach (var witness in Witnesses)
        {
            try
            {
                witness.Verify(note);
                cosigners.Add(witness.Name);
            }
            catch (Exception e) when (e is UnknownNoteKeyException or NoteSignatureException)
            {
                missing?.Add(e.Message);
            }
        }

        return cosigners;
    }

    /// <summary>Checks that at least <see cref="Threshold"/> trusted witnesses cosigned <paramref name="signedNote"/>; returns who did.</summary>
    /// <exception cref="WitnessQuorumException">Too few valid cosignatures.</exception>
    /// <exception cref="NoteFormatException">The note is malformed.</exception>
    public IReadOnlyList<string> Verify(string signedNote)
    {
        var missing = new List<string>();
        var cosigners = Cosigners(SignedNote.Parse(signedNote), missing);
        if (cosigners.Count < Threshold)
        {
            throw new WitnessQuorumException(
                $"The checkpoint has {cosigners.Count} valid witness cosignature(s), {Threshold} of {Witnesses.Count} required: {string.Join(" ", missing)}");
        }

        return cosigners;
    }
}
