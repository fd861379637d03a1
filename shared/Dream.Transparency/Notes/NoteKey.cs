using Dream.Crypto;

namespace Dream.Transparency.Notes;

/// <summary>
/// A named Ed25519 key of one signature type (0x01 a note signature, 0x04 a cosignature/v1) and its C2SP key id:
/// what the log's <see cref="NoteVerifier"/> and a witness's cosignature verifier both are.
/// </summary>
internal sealed class NoteKey
{
    private NoteKey(string name, byte type, Ed25519PublicKey publicKey)
    {
        Name = name;
        Type = type;
        PublicKey = publicKey;
        KeyId = NoteSyntax.KeyId(name, type, publicKey.Bytes);
    }

    public string Name { get; }

    public byte Type { get; }

    public Ed25519PublicKey PublicKey { get; }

    /// <summary>The first 4 bytes, big-endian, of SHA-256(name || 0x0A || type || public key).</summary>
    public uint KeyId { get; }

    /// <summary>The verifier key string: <c>name+hex key id+base64(type || public key)</c>.</summary>
    public string VerifierKey => VerifierKeyText.Format(Name, Type, PublicKey);

    /// <summary><paramref name="what"/> names the key in the error ("note key", "witness key").</summary>
    /// <exception cref="NoteFormatException">The name is not a valid key name.</exception>
    public static NoteKey Create(string name, byte type, Ed25519PublicKey publicKey, string what)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(publicKey);
        if (!NoteSyntax.IsValidKeyName(name))
        {
            throw new NoteFormatException($"'{name}' is not a valid {what} name (non-empty, no spaces, no '+').");
        }

        return new NoteKey(name, type, publicKey);
    }

    /// <exception cref="NoteFormatException">The string is malformed, of another key type, or its key id is wrong.</exception>
    public static NoteKey Parse(string verifierKey, byte type, string what)
    {
        ArgumentNullException.ThrowIfNull(verifierKey);
        var (name, key) = VerifierKeyText.Parse(verifierKey, type, what);
        return new NoteKey(name, type, key);
    }

    /// <summary>Whether a signature line names this key (its name and key id); whether it verifies is the caller's check.</summary>
    public bool Names(NoteSignature signature) => signature.KeyName == Name && signature.KeyId == KeyId;

    /// <summary>The line <c>— name base64(blob)\n</c>, the blob starting with this key's id.</summary>
    public string SignatureLine(ReadOnlySpan<byte> blob) => $"{NoteSyntax.SignaturePrefix}{Name} {Convert.ToBase64String(blob)}\n";
}
