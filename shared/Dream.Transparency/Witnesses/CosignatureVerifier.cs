using System.Buffers.Binary;
using Dream.Crypto;
using Dream.Transparency.Notes;

namespace Dream.Transparency.Witnesses;

/// <summary>
/// A trusted witness key, written as the C2SP verifier key <c>name+hex key id+base64(0x04 || public key)</c>: checks
/// that a checkpoint note carries the witness's cosignature/v1.
/// </summary>
public sealed class CosignatureVerifier : NoteKeyVerifier
{
    private CosignatureVerifier(string name, Ed25519PublicKey publicKey)
        : base(name, CosignatureV1.KeyType, publicKey)
    {
    }

    /// <exception cref="NoteFormatException">The name is not a valid key name.</exception>
    public static CosignatureVerifier Create(string name, Ed25519PublicKey publicKey)
    {
        CheckName(name, publicKey, "witness key");
        return new CosignatureVerifier(name, publicKey);
    }

    /// <summary>Parses a witness verifier key and checks that its key id matches its name and key.</summary>
    /// <exception cref="NoteFormatException">The string is malformed, not a cosignature/v1 Ed25519 key (type 0x04), or its key id is wrong.</exception>
    public static CosignatureVerifier Parse(string verifierKey)
    {
        ArgumentNullException.ThrowIfNull(verifierKey);
        var (name, key) = VerifierKeyText.Parse(verifierKey.Trim(), CosignatureV1.KeyType, "witness verifier key");
        return new CosignatureVerifier(name, key);
    }

    /// <summary>Checks the witness's cosignature on <paramref name="note"/> and returns its timestamp (POSIX seconds).</summary>
    /// <exception cref="UnknownNoteKeyException">No signature line carries this witness's name and key id.</exception>
    /// <exception cref="NoteSignatureException">A line with this name and id does not verify (altered note or forged cosignature).</exception>
    public long Verify(SignedNote note)
    {
        ArgumentNullException.ThrowIfNull(note);
        foreach (var signature in note.Signatures)
        {
            if (!Names(signature))
            {
                continue;
            }

            var bytes = signature.Signature;
            var timestamp = bytes.Length == CosignatureV1.SignatureLength ? BinaryPrimitives.ReadUInt64BigEndian(bytes) : ulong.MaxValue;
            if (timestamp > long.MaxValue || !PublicKey.Verify(CosignatureV1.Message((long)timestamp, note.Text), bytes[8..]))
            {
                throw new NoteSignatureException($"The cosignature of witness {Name}+{KeyId:x8} does not verify: the checkpoint was altered or the cosignature forged.");
            }

            return (long)timestamp;
        }

        throw new UnknownNoteKeyException($"The checkpoint carries no cosignature of witness {Name}+{KeyId:x8}.");
    }
}
