using System.Text;

namespace Dream.Meters.Decoding;

/// <summary>Turns registers into numbers and back. A sentinel ("not available") or a NaN decodes to null,
/// never to a number.</summary>
public static class RegisterCodec
{
    /// <summary>The raw bit pattern of a value: registers joined most significant first.</summary>
    public static ulong Raw(ReadOnlySpan<ushort> registers, DataType type, WordOrder order)
    {
        var count = DataTypes.RegisterCount(type);
        if (registers.Length < count)
        {
            throw new ArgumentException($"{type} needs {count} registers, {registers.Length} given.", nameof(registers));
        }

        ulong raw = 0;
        for (var i = 0; i < count; i++)
        {
            var word = order == WordOrder.HighFirst ? registers[i] : registers[count - 1 - i];
            raw = (raw << 16) | word;
        }

        return raw;
    }

    /// <summary>The value in registers, or null when the registers hold a "not available" pattern. For
    /// identification probes and serial numbers; measured values go through <see cref="DecodeExact"/>.</summary>
    public static double? Decode(ReadOnlySpan<ushort> registers, DataType type, WordOrder order, IReadOnlyCollection<ulong>? notAvailable = null)
    {
        var raw = Raw(registers, type, order);
        if (IsNotAvailable(raw, type, notAvailable))
        {
            return null;
        }

        double value = type switch
        {
            DataType.UnsignedShort or DataType.UnsignedInt or DataType.UnsignedLong => raw,
            DataType.SignedShort => (short)raw,
            DataType.SignedInt => (int)raw,
            DataType.SignedLong => (long)raw,
            DataType.SingleFloat => BitConverter.UInt32BitsToSingle((uint)raw),
            DataType.DoubleFloat => BitConverter.UInt64BitsToDouble(raw),
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a numeric type."),
        };
        return double.IsFinite(value) ? value : null;
    }

    /// <summary>The exact value of a raw bit pattern (<see cref="Raw"/>) of <paramref name="type"/>, or null when
    /// it is a "not available" pattern (the type's sentinels, the profile's, NaN and the infinities).</summary>
    public static ExactNumber? DecodeExact(ulong raw, DataType type, IReadOnlyCollection<ulong>? notAvailable = null)
    {
        if (IsNotAvailable(raw, type, notAvailable))
        {
            return null;
        }

        return type switch
        {
            DataType.UnsignedShort or DataType.UnsignedInt or DataType.UnsignedLong => ExactNumber.FromInteger(raw),
            DataType.SignedShort => ExactNumber.FromInteger((short)raw),
            DataType.SignedInt => ExactNumber.FromInteger((int)raw),
            DataType.SignedLong => ExactNumber.FromInteger((long)raw),
            DataType.SingleFloat => ExactNumber.FromBinary32((uint)raw),
            DataType.DoubleFloat => ExactNumber.FromBinary64(raw),
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a numeric type."),
        };
    }

    /// <summary>A "not available" pattern: the profile's own, all bits set for unsigned types, the minimum (and
    /// for 32 and 64 bits also the maximum) for signed types, NaN and the infinities for floats.</summary>
    public static bool IsNotAvailable(ulong raw, DataType type, IReadOnlyCollection<ulong>? notAvailable = null)
    {
        if (notAvailable is not null && notAvailable.Contains(raw))
        {
            return true;
        }

        return type switch
        {
            DataType.UnsignedShort => raw == ushort.MaxValue,
            DataType.SignedShort => raw == 0x8000,
            DataType.UnsignedInt => raw == uint.MaxValue,
            DataType.SignedInt => raw is 0x8000_0000 or 0x7FFF_FFFF,
            DataType.UnsignedLong => raw == ulong.MaxValue,
            DataType.SignedLong => raw is 0x8000_0000_0000_0000 or 0x7FFF_FFFF_FFFF_FFFF,
            DataType.SingleFloat => (raw & 0x7F80_0000) == 0x7F80_0000,
            DataType.DoubleFloat => (raw & 0x7FF0_0000_0000_0000) == 0x7FF0_0000_0000_0000,
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a numeric type."),
        };
    }

    /// <summary>The registers of <paramref name="value"/>, which is already divided by its scale and rounded for
    /// integer types. Values outside the type's range are clamped short of the sentinels.</summary>
    public static void Encode(double value, DataType type, WordOrder order, Span<ushort> destination)
    {
        ulong raw = type switch
        {
            DataType.UnsignedShort => (ulong)Math.Clamp(Math.Round(value), 0, ushort.MaxValue - 1),
            DataType.SignedShort => (ushort)(short)Math.Clamp(Math.Round(value), short.MinValue + 1, short.MaxValue),
            DataType.UnsignedInt => (ulong)Math.Clamp(Math.Round(value), 0, uint.MaxValue - 1.0),
            DataType.SignedInt => (uint)(int)Math.Clamp(Math.Round(value), int.MinValue + 1.0, int.MaxValue - 1.0),
            DataType.UnsignedLong => (ulong)Math.Clamp(Math.Round(value), 0, 9.0e18),
            DataType.SignedLong => (ulong)(long)Math.Clamp(Math.Round(value), -9.0e18, 9.0e18),
            DataType.SingleFloat => BitConverter.SingleToUInt32Bits((float)value),
            DataType.DoubleFloat => BitConverter.DoubleToUInt64Bits(value),
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a numeric type."),
        };
        WriteRaw(raw, type, order, destination);
    }

    /// <summary>The registers of a sentinel: a value the meter marks "not available".</summary>
    public static void EncodeNotAvailable(DataType type, WordOrder order, Span<ushort> destination)
    {
        ulong raw = type switch
        {
            DataType.UnsignedShort => ushort.MaxValue,
            DataType.SignedShort => 0x8000,
            DataType.UnsignedInt => uint.MaxValue,
            DataType.SignedInt => 0x8000_0000,
            DataType.UnsignedLong => ulong.MaxValue,
            DataType.SignedLong => 0x8000_0000_0000_0000,
            DataType.SingleFloat => 0x7FC0_0000,
            DataType.DoubleFloat => 0x7FF8_0000_0000_0000,
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a numeric type."),
        };
        WriteRaw(raw, type, order, destination);
    }

    public static string DecodeAscii(ReadOnlySpan<ushort> registers)
    {
        var bytes = new byte[registers.Length * 2];
        for (var i = 0; i < registers.Length; i++)
        {
            bytes[2 * i] = (byte)(registers[i] >> 8);
            bytes[(2 * i) + 1] = (byte)registers[i];
        }

        return Encoding.ASCII.GetString(bytes).TrimEnd('\0', ' ');
    }

    public static void EncodeAscii(string text, Span<ushort> destination)
    {
        ArgumentNullException.ThrowIfNull(text);
        destination.Clear();
        var bytes = Encoding.ASCII.GetBytes(text);
        for (var i = 0; i < bytes.Length && i / 2 < destination.Length; i++)
        {
            destination[i / 2] |= (ushort)(i % 2 == 0 ? bytes[i] << 8 : bytes[i]);
        }
    }

    private static void WriteRaw(ulong raw, DataType type, WordOrder order, Span<ushort> destination)
    {
        var count = DataTypes.RegisterCount(type);
        for (var i = 0; i < count; i++)
        {
            var word = (ushort)(raw >> (16 * (count - 1 - i)));
            destination[order == WordOrder.HighFirst ? i : count - 1 - i] = word;
        }
    }
}
