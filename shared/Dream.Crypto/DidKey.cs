using System.Collections.Concurrent;

namespace Dream.Crypto;

/// <summary>did:key for Ed25519: "did:key:" + multibase base58btc ('z') of multicodec 0xed 0x01 || key.</summary>
public static class DidKey
{
    public const string Prefix = "did:key:";

    // The unsigned-varint multicodec code for ed25519-pub (0xed) is the two bytes 0xed 0x01.
    private static ReadOnlySpan<byte> Ed25519Multicodec => [0xED, 0x01];

    // A ledger verifies many envelopes from the same few thousand signers: decoding (base58, quadratic in the
    // length) is done once per did. Only valid dids are cached; the cache is bounded and simply starts over
    // when full, so a flood of distinct keys costs what it cost without the cache.
    private const int CacheLimit = 100_000;
    private static readonly ConcurrentDictionary<string, Ed25519PublicKey> Decoded = new(StringComparer.Ordinal);

    public static string Encode(Ed25519PublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Span<byte> buffer = stackalloc byte[2 + Ed25519.PublicKeySize];
        Ed25519Multicodec.CopyTo(buffer);
        key.Bytes.CopyTo(buffer[2..]);
        return Prefix + "z" + Base58Btc.Encode(buffer);
    }

    /// <summary>Parses a did:key; throws <see cref="DidKeyFormatException"/> saying exactly what is wrong.</summary>
    public static Ed25519PublicKey Decode(string did)
    {
        ArgumentNullException.ThrowIfNull(did);
        if (Decoded.TryGetValue(did, out var cached))
        {
            return cached;
        }

        var key = DecodeUncached(did);
        if (Decoded.Count >= CacheLimit)
        {
            Decoded.Clear();
        }

        Decoded.TryAdd(did, key);
        return key;
    }

    private static Ed25519PublicKey DecodeUncached(string did)
    {
        if (!did.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new DidKeyFormatException($"'{Shorten(did)}' is not a did:key (it must start with \"{Prefix}\").");
        }

        var identifier = did.AsSpan(Prefix.Length);
        var fragment = identifier.IndexOf('#');
        if (fragment >= 0)
        {
            throw new DidKeyFormatException("A did:key identity must not carry a fragment ('#...').");
        }

        if (identifier.Length == 0 || identifier[0] != 'z')
        {
            throw new DidKeyFormatException("A did:key must use multibase base58btc, which starts with 'z'.");
        }

        byte[] decoded;
        try
        {
            decoded = Base58Btc.Decode(identifier[1..].ToString());
        }
        catch (FormatException e)
        {
            throw new DidKeyFormatException($"The did:key is not valid base58btc: {e.Message}", e);
        }

        if (decoded.Length < 2 || decoded[0] != 0xED || decoded[1] != 0x01)
        {
            throw new DidKeyFormatException("The did:key is not an Ed25519 key (multicodec prefix 0xed01 expected).");
        }

        if (decoded.Length != 2 + Ed25519.PublicKeySize)
        {
            throw new DidKeyFormatException($"The did:key holds {decoded.Length - 2} key bytes; an Ed25519 key is {Ed25519.PublicKeySize}.");
        }

        return Ed25519PublicKey.FromBytes(decoded.AsSpan(2));
    }

    public static bool TryDecode(string? did, out Ed25519PublicKey? key)
    {
        key = null;
        if (did is null)
        {
            return false;
        }

        try
        {
            key = Decode(did);
            return true;
        }
        catch (DidKeyFormatException)
        {
            return false;
        }
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
