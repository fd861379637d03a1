namespace Dream.Transparency.Notes;

/// <summary>One signature line of a note: the signer's key name, its 4-byte key id and the signature bytes after the id.</summary>
public sealed class NoteSignature
{
    private readonly byte[] _signature;

    internal NoteSignature(string keyName, uint keyId, byte[] signature)
    {
        KeyName = keyName;
        KeyId = keyId;
        _signature = signature;
    }

    public string KeyName { get; }

    public uint KeyId { get; }

    /// <summary>The signature proper (for Ed25519, 64 bytes).</summary>
    public ReadOnlySpan<byte> Signature => _signature;

    public override string ToString() => $"{KeyName}+{KeyId:x8}";
}
