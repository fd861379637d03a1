namespace Dream.Mqtt.Protocol;

/// <summary>The spec's variable byte integer: 7 bits per byte, at most 4 bytes (spec section 1.5.5).</summary>
public static class VariableByteInteger
{
    public const int MaxValue = 268_435_455;

    public static int SizeOf(int value) => value switch
    {
        < 0 or > MaxValue => throw new ArgumentOutOfRangeException(nameof(value), value, "A variable byte integer holds 0 to 268435455."),
        < 128 => 1,
        < 16_384 => 2,
        < 2_097_152 => 3,
        _ => 4,
    };

    /// <summary>Writes the value and returns the number of bytes written.</summary>
    public static int Write(Span<byte> destination, int value)
    {
        var size = SizeOf(value);
        if (destination.Length < size)
        {
            throw new ArgumentException("The destination is too small for the variable byte integer.", nameof(destination));
        }

        for (var i = 0; i < size; i++)
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            destination[i] = i < size - 1 ? (byte)(b | 0x80) : b;
        }

        return size;
    }

    /// <summary>
    /// Reads a value. Returns false when the source ends before the integer does; throws
    /// <see cref="MqttProtocolException"/> when a fifth byte would be needed.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out int value, out int consumed)
    {
        value = 0;
        for (var i = 0; i < 4; i++)
        {
            if (i >= source.Length)
            {
                consumed = 0;
                return false;
            }

            var b = source[i];
            value |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                // The spec asks for the minimal encoding; a zero continuation byte is malformed.
                if (i > 0 && b == 0)
                {
                    throw new MqttProtocolException("Variable byte integer is not minimally encoded.");
                }

                consumed = i + 1;
                return true;
            }
        }

        throw new MqttProtocolException("Variable byte integer is longer than 4 bytes.");
    }
}
