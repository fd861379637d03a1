using System.Security.Cryptography;

namespace Dream.Transparency.Merkle;

/// <summary>
/// The RFC 6962 / RFC 9162 tree hash: domain-separated leaf and node hashes, so a leaf can never be
/// passed off as an interior node (the second-preimage attack on plain Merkle trees).
/// </summary>
public static class Rfc6962
{
    private const byte LeafPrefix = 0x00;
    private const byte NodePrefix = 0x01;

    // Entries up to this size are hashed from the stack; bigger ones stream through IncrementalHash.
    private const int StackLimit = 1024;

    /// <summary>The root of the tree with no leaves: SHA-256 of the empty string.</summary>
    public static Sha256Hash EmptyRoot { get; } = Sha256Hash.Compute([]);

    /// <summary>SHA-256(0x00 || entry).</summary>
    public static Sha256Hash HashLeaf(ReadOnlySpan<byte> entry)
    {
        if (entry.Length < StackLimit)
        {
            Span<byte> buffer = stackalloc byte[entry.Length + 1];
            buffer[0] = LeafPrefix;
            entry.CopyTo(buffer[1..]);
            return Sha256Hash.Compute(buffer);
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData([LeafPrefix]);
        hash.AppendData(entry);
        Span<byte> digest = stackalloc byte[Sha256Hash.Size];
        hash.GetHashAndReset(digest);
        return Sha256Hash.FromBytes(digest);
    }

    /// <summary>SHA-256(0x01 || left || right).</summary>
    public static Sha256Hash HashChildren(in Sha256Hash left, in Sha256Hash right)
    {
        Span<byte> buffer = stackalloc byte[1 + (2 * Sha256Hash.Size)];
        buffer[0] = NodePrefix;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + Sha256Hash.Size)..]);
        return Sha256Hash.Compute(buffer);
    }
}
