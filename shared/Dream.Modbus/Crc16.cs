namespace Dream.Modbus;

/// <summary>CRC-16/MODBUS: reflected polynomial 0xA001, initial value 0xFFFF, sent low byte first.</summary>
public static class Crc16
{
    private static readonly ushort[] Table = BuildTable();

    public static ushort Compute(ReadOnlySpan<byte> data)
    {
        ushort crc = 0xFFFF;
        foreach (var b in data)
        {
            crc = (ushort)((crc >> 8) ^ Table[(crc ^ b) & 0xFF]);
        }

        return crc;
    }

    /// <summary>Writes the CRC of <paramref name="data"/> into the two bytes that follow it in <paramref name="frame"/>.</summary>
    public static void Append(Span<byte> frame, int dataLength) =>
        BinaryPrimitives.WriteUInt16LittleEndian(frame[dataLength..], Compute(frame[..dataLength]));

    /// <summary>True when the last two bytes of <paramref name="frame"/> are the CRC of the bytes before them.</summary>
    public static bool IsValid(ReadOnlySpan<byte> frame) =>
        frame.Length >= 3 && BinaryPrimitives.ReadUInt16LittleEndian(frame[^2..]) == Compute(frame[..^2]);

    private static ushort[] BuildTable()
    {
        var table = new ushort[256];
        for (var i = 0; i < 256; i++)
        {
            var crc = (ushort)i;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (ushort)((crc >> 1) ^ 0xA001) : (ushort)(crc >> 1);
            }

            table[i] = crc;
        }

        return table;
    }
}
