using Dream.Crypto;

namespace Dream.Transparency.Notes;

/// <summary>
/// What the log's <see cref="NoteVerifier"/> and a witness's cosignature verifier are alike: a key name, an Ed25519
/// key of one signature type (0x01 a note signature, 0x04 a cosignature/v1), its C2SP key id, and the verifier key
/// string <c>name+hex key id+base64(type || public key)</c> that publishes them.
/// </summary>
public abstract class NoteKeyVerifier
{
    private readonly byte _type;

    private protected NoteKeyVerifier(string name, byte type, Ed25519PublicKey publicKey)
    {
        Name = name;
        _type = type;
        PublicKey = publicKey;
        KeyId = NoteSyntax.KeyId(name, type, publicKey.Bytes);
    }

    public string Name { get; }

    /// <summary>The first 4 bytes, big-endian, of SHA-256(name || 0x0A || type || public key).</summary>
    public uint KeyId { get; }

    public Ed25519PublicKey PublicKey { get; }

    /// <summary>The verifier key string: <c>name+hex key id+base64(type || public key)</c>.</summary>
    public string VerifierKey => VerifierKeyText.Format(Name, _type, PublicKey);

    public override string ToString() => VerifierKey;

    /// <summary>The line <c>— name base64(blob)\n</c>; the blob starts with this key's id.</summary>
    internal string SignatureLine(ReadOnlySpan<byte> blob) => $"{NoteSyntax.SignaturePrefix}{Name} {Convert.ToBase64String(blob)}\n";

    /// <summary>Refuses what cannot name a key; <paramref name="what"/> names the key in the error ("note key", "witness key").</summary>
    /// <exception cref="NoteFormatException">The name is not a valid key name.</exception>
    private protected static void CheckName(string name, Ed25519PublicKey publicKey, string what)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(publicKey);
        if (!NoteSyntax.IsValidKeyName(name))
        {
            throw new NoteFormatException($"'{name}' is not a valid {what} name (non-empty, no spaces, no '+').");
        }
    }

    /// <summary>Whether a signature line names this key (name and key id); whether it verifies is the caller's check.</summary>
    private protected bool Names(NoteSignature signature) => signature.KeyName == Name && signature.KeyId == KeyId;
}
