using NSec.Cryptography;

namespace Dream.Crypto;

/// <summary>An Ed25519 public key: 32 raw bytes, printable as a did:key.</summary>
public sealed class Ed25519PublicKey : IEquatable<Ed25519PublicKey>
{
    private readonly byte[] _bytes;

    // Base58 encoding is quadratic in the key length; receipts and envelopes name their signer on every
    // signature, so the text is computed once per key (the bytes never change).
    private string? _did;

    // NSec's own public key object, imported once: a device's key verifies every reading it sends.
    private PublicKey? _verifier;

    private Ed25519PublicKey(byte[] bytes) => _bytes = bytes;

    /// <summary>The raw 32-byte key.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>This key's did:key identifier (<c>did:key:z6Mk...</c>).</summary>
    public string Did => _did ??= DidKey.Encode(this);

    public static Ed25519PublicKey FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Ed25519.PublicKeySize)
        {
            throw new ArgumentException($"An Ed25519 public key is {Ed25519.PublicKeySize} bytes, not {bytes.Length}.", nameof(bytes));
        }

        return new Ed25519PublicKey(bytes.ToArray());
    }

    public static Ed25519PublicKey FromDid(string did) => DidKey.Decode(did);

    /// <summary>True only if <paramref name="signature"/> is a valid signature of exactly <paramref name="message"/>.</summary>
    public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != Ed25519.SignatureSize)
        {
            return false;
        }

        _verifier ??= NSec.Cryptography.PublicKey.Import(SignatureAlgorithm.Ed25519, _bytes, KeyBlobFormat.RawPublicKey);
        return SignatureAlgorithm.Ed25519.Verify(_verifier, message, signature);
    }

    /// <summary>The key as an X.509 SubjectPublicKeyInfo PEM, which <c>openssl pkeyutl -verify -pubin</c> reads.</summary>
    public string ToPem() => Pkcs.PublicKeyToPem(_bytes);

    public bool Equals(Ed25519PublicKey? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    public override bool Equals(object? obj) => Equals(obj as Ed25519PublicKey);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.AddBytes(_bytes);
        return hash.ToHashCode();
    }

    public override string ToString() => Did;
}
