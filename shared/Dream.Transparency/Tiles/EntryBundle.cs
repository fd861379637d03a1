using System.Buffers.Binary;

namespace Dream.Transparency.Tiles;

/// <summary>The C2SP tlog-tiles entry bundle: each entry as a big-endian uint16 length and its bytes, in log order.</summary>
public static class EntryBundle
{
    public const int MaxEntryBytes = ushort.MaxValue;

    /// <exception cref="ArgumentException">An entry is longer than 65535 bytes.</exception>
    public static byte[] Encode(IReadOnlyList<byte[]> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var bundle = new byte[entries.Sum(e => 2 + e.Length)];
        var offset = 0;
        foreach (var entry in entries)
        {
            if (entry.Length > MaxEntryBytes)
            {
                throw new ArgumentException($"An entry bundle holds entries of at most {MaxEntryBytes} bytes, not {entry.Length}.", nameof(entries));
            }

            BinaryPrimitives.WriteUInt16BigEndian(bundle.AsSpan(offset), (ushort)entry.Length);
            entry.CopyTo(bundle, offset + 2);
            offset += 2 + entry.Length;
        }

        return bundle;
    }

    /// <exception cref="FormatException">A length runs past the end of the bundle.</exception>
    public static IReadOnlyList<byte[]> Decode(ReadOnlySpan<byte> bundle)
    {
        var entries = new List<byte[]>();
        while (bundle.Length > 0)
        {
            if (bundle.Length < 2)
            {
                throw new FormatException("An entry bundle ends inside a length prefix.");
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(bundle);
            if (bundle.Length < 2 + length)
            {
                throw new FormatException($"An entry of {length} bytes runs past the end of the bundle.");
            }

            entries.Add(bundle.Slice(2, length).ToArray());
            bundle = bundle[(2 + length)..];
        }

        return entries;
    }
}
