using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Dream.Transparency.Merkle;

/// <summary>
/// A SHA-256 value held inline as four words, so a level of a million tree nodes is one array
/// and not a million small objects, and equality is four comparisons.
/// </summary>
public readonly struct Sha256Hash : IEquatable<Sha256Hash>
{
    /// <summary>The length of a SHA-256 value in bytes.</summary>
    public const int Size = 32;

    private readonly ulong _word0;
    private readonly ulong _word1;
    private readonly ulong _word2;
    private readonly ulong _word3;

    private Sha256Hash(ReadOnlySpan<byte> bytes)
    {
        _word0 = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        _word1 = BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]);
        _word2 = BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]);
        _word3 = BinaryPrimitives.ReadUInt64LittleEndian(bytes[24..]);
    }

    /// <summary>Wraps exactly 32 bytes.</summary>
    public static Sha256Hash FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException($"A SHA-256 hash is {Size} bytes, not {bytes.Length}.", nameof(bytes));
        }

        return new Sha256Hash(bytes);
    }

    /// <summary>Reads a standard, padded base64 string of exactly 32 bytes.</summary>
    /// <exception cref="FormatException">The text is not base64 or does not hold 32 bytes.</exception>
    public static Sha256Hash FromBase64(string base64)
    {
        ArgumentNullException.ThrowIfNull(base64);
        if (!TryFromBase64(base64, out var hash))
        {
            throw new FormatException($"'{base64}' is not the base64 of a {Size}-byte SHA-256 hash.");
        }

        return hash;
    }

    /// <summary>
    /// Reads canonical standard base64 of exactly 32 bytes: 44 characters with padding, no whitespace,
    /// so one hash has one spelling.
    /// </summary>
    public static bool TryFromBase64(string? base64, out Sha256Hash hash)
    {
        Span<byte> bytes = stackalloc byte[Size + 3];
        if (base64 is { Length: 44 }
            && Convert.TryFromBase64String(base64, bytes, out var written)
            && written == Size)
        {
            hash = new Sha256Hash(bytes);
            if (hash.ToBase64() == base64)
            {
                return true;
            }
        }

        hash = default;
        return false;
    }

    /// <summary>SHA-256 of <paramref name="data"/>.</summary>
    public static Sha256Hash Compute(ReadOnlySpan<byte> data)
    {
        Span<byte> digest = stackalloc byte[Size];
        SHA256.HashData(data, digest);
        return new Sha256Hash(digest);
    }

    public void CopyTo(Span<byte> destination)
    {
        if (destination.Length < Size)
        {
            throw new ArgumentException($"The destination must hold {Size} bytes.", nameof(destination));
        }

        BinaryPrimitives.WriteUInt64LittleEndian(destination, _word0);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], _word1);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[16..], _word2);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[24..], _word3);
    }

    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        CopyTo(bytes);
        return bytes;
    }

    public string ToBase64()
    {
        Span<byte> bytes = stackalloc byte[Size];
        CopyTo(bytes);
        return Convert.ToBase64String(bytes);
    }

    public string ToHex()
    {
        Span<byte> bytes = stackalloc byte[Size];
        CopyTo(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    public bool Equals(Sha256Hash other) =>
        _word0 == other._word0 && _word1 == other._word1 && _word2 == other._word2 && _word3 == other._word3;

    public override bool Equals(object? obj) => obj is Sha256Hash other && Equals(other);

    public override int GetHashCode() => (int)_word0;

    public static bool operator ==(Sha256Hash left, Sha256Hash right) => left.Equals(right);

    public static bool operator !=(Sha256Hash left, Sha256Hash right) => !left.Equals(right);

    public override string ToString() => ToHex();
}
