using System.Buffers.Binary;
using Dream.Crypto;
using Dream.Transparency.Notes;

namespace Dream.Transparency.Witnesses;

/// <summary>The witness's side of cosignature/v1: a timestamped signature line over a checkpoint text.</summary>
public sealed class CosignatureSigner
{
    private readonly Ed25519PrivateKey _key;

    /// <exception cref="NoteFormatException">The name is not a valid key name.</exception>
    public CosignatureSigner(string name, Ed25519PrivateKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        _key = key;
        Verifier = CosignatureVerifier.Create(name, key.PublicKey);
    }

    public CosignatureVerifier Verifier { get; }

    /// <summary><c>— name base64(key id || u64 timestamp || signature)\n</c> over <paramref name="checkpointText"/> (the note text, without signatures).</summary>
    public string SignatureLine(string checkpointText, long timestamp)
    {
        var blob = new byte[4 + CosignatureV1.SignatureLength];
        BinaryPrimitives.WriteUInt32BigEndian(blob, Verifier.KeyId);
        BinaryPrimitives.WriteUInt64BigEndian(blob.AsSpan(4), (ulong)timestamp);
        _key.Sign(CosignatureV1.Message(timestamp, checkpointText), blob.AsSpan(12));
        return Verifier.SignatureLine(blob);
    }
}
