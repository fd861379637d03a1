namespace Dream.Modbus.Framing;

/// <summary>Recognizes a frame of the other framing, to tell a user that the peer speaks it.</summary>
internal static class FrameShapes
{
    public static bool LooksLikeMbap(ReadOnlySpan<byte> bytes, byte unitId)
    {
        if (bytes.Length < 8 || bytes[2] != 0 || bytes[3] != 0)
        {
            return false;
        }

        var length = (bytes[4] << 8) | bytes[5];
        return length >= 2 && length <= 254 && bytes.Length >= 6 + length && bytes[6] == unitId;
    }

    public static bool LooksLikeRtu(ReadOnlySpan<byte> bytes, byte unitId)
    {
        if (bytes.Length < 5 || bytes[0] != unitId)
        {
            return false;
        }

        int? pduLength;
        try
        {
            pduLength = PduLength.OfResponse(bytes[1..]);
        }
        catch (ModbusProtocolException)
        {
            return false;
        }

        return pduLength is int n && bytes.Length >= n + 3 && Crc16.IsValid(bytes[..(n + 3)]);
    }

    public static string Hex(ReadOnlySpan<byte> bytes) =>
        bytes.Length <= 64 ? Convert.ToHexString(bytes) : Convert.ToHexString(bytes[..64]) + "...";
}
