using Dream.Crypto;

namespace Dream.Transparency.Notes;

/// <summary>
/// A trusted Ed25519 note key, written as the C2SP verifier key <c>name+hex key id+base64(0x01 || public key)</c>
/// (what <c>GET /log/key</c> serves and what an auditor pins).
/// </summary>
public sealed class NoteVerifier : NoteKeyVerifier
{
    private NoteVerifier(string name, Ed25519PublicKey publicKey)
        : base(name, NoteSyntax.Ed25519Type, publicKey)
    {
    }

    /// <exception cref="NoteFormatException">The name is not a valid key name.</exception>
    public static NoteVerifier Create(string name, Ed25519PublicKey publicKey)
    {
        CheckName(name, publicKey, "note key");
        return new NoteVerifier(name, publicKey);
    }

    /// <summary>Parses a verifier key string and checks that its key id matches its name and key.</summary>
    /// <exception cref="NoteFormatException">The string is malformed, not Ed25519, or its key id is wrong.</exception>
    public static NoteVerifier Parse(string verifierKey)
    {
        ArgumentNullException.ThrowIfNull(verifierKey);
        var (name, key) = VerifierKeyText.Parse(verifierKey, NoteSyntax.Ed25519Type, "verifier key");
        return new NoteVerifier(name, key);
    }

    /// <summary>The C2SP key id of an Ed25519 key: SHA-256(name || 0x0A || 0x01 || key)[0..4], big-endian.</summary>
    public static uint ComputeKeyId(string name, Ed25519PublicKey publicKey)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(publicKey);
        return NoteSyntax.KeyId(name, NoteSyntax.Ed25519Type, publicKey.Bytes);
    }

    /// <summary>Parses and verifies a note; returns it only if this key signed it.</summary>
    public SignedNote Open(string note)
    {
        var parsed = SignedNote.Parse(note);
        Verify(parsed);
        return parsed;
    }

    /// <summary>Checks that this key signed <paramref name="note"/>. Signatures by other keys are ignored.</summary>
    /// <exception cref="UnknownNoteKeyException">No signature carries this key's name and id.</exception>
    /// <exception cref="NoteSignatureException">A signature with this key's name and id does not verify.</exception>
    public void Verify(SignedNote note)
    {
        ArgumentNullException.ThrowIfNull(note);
        var found = false;
        foreach (var signature in note.Signatures)
        {
            if (!Names(signature))
            {
                continue;
            }

            found = true;
            if (!PublicKey.Verify(note.TextBytes, signature.Signature))
            {
                throw new NoteSignatureException($"The signature of {Name}+{KeyId:x8} does not verify: the note was altered or forged.");
            }
        }

        if (!found)
        {
            var signers = note.Signatures.Count == 0 ? "nobody" : string.Join(", ", note.Signatures.Select(s => s.ToString()));
            throw new UnknownNoteKeyException($"The note is not signed by {Name}+{KeyId:x8}; it is signed by {signers}.");
        }
    }
}
