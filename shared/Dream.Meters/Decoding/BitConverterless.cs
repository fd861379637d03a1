using System.Buffers.Binary;

namespace Dream.Meters.Decoding;

/// <summary>IEEE 754 bit reinterpretation through BinaryPrimitives (the repository never uses BitConverter).</summary>
internal static class BitConverterless
{
    public static float Int32BitsToSingle(uint bits)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, bits);
        return BinaryPrimitives.ReadSingleBigEndian(bytes);
    }

    public static double Int64BitsToDouble(ulong bits)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, bits);
        return BinaryPrimitives.ReadDoubleBigEndian(bytes);
    }

    public static uint SingleToUInt32Bits(float value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteSingleBigEndian(bytes, value);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    public static ulong DoubleToUInt64Bits(double value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteDoubleBigEndian(bytes, value);
        return BinaryPrimitives.ReadUInt64BigEndian(bytes);
    }
}
