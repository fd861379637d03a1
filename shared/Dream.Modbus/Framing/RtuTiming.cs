namespace Dream.Modbus.Framing;

/// <summary>Serial line timing from the Modbus over Serial Line spec (2.5.1.1): frames are separated by 3.5
/// character times; above 19200 baud a fixed 1.75 ms is used. A character is 11 bits (start, 8 data,
/// parity or a second stop bit, stop).</summary>
public static class RtuTiming
{
    public const int BitsPerCharacter = 11;

    public static TimeSpan CharacterTime(int baudRate) =>
        TimeSpan.FromSeconds((double)BitsPerCharacter / baudRate);

    public static TimeSpan InterFrameSilence(int baudRate) => baudRate > 19200
        ? TimeSpan.FromMilliseconds(1.75)
        : TimeSpan.FromSeconds(3.5 * BitsPerCharacter / baudRate);

    /// <summary>Time that <paramref name="bytes"/> take on the wire, without the silence around them.</summary>
    public static TimeSpan WireTime(int bytes, int baudRate) =>
        TimeSpan.FromSeconds((double)bytes * BitsPerCharacter / baudRate);
}
