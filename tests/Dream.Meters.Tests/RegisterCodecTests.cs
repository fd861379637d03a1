using Dream.Meters.Decoding;

namespace Dream.Meters.Tests;

public class RegisterCodecTests
{
    [Theory]
    [InlineData(new ushort[] { 0x4366, 0x199A }, DataType.SingleFloat, WordOrder.HighFirst, 230.1f)]
    [InlineData(new ushort[] { 0x199A, 0x4366 }, DataType.SingleFloat, WordOrder.LowFirst, 230.1f)]
    [InlineData(new ushort[] { 0x08FE, 0x0000 }, DataType.SignedInt, WordOrder.LowFirst, 2302)]
    [InlineData(new ushort[] { 0xFFFF, 0xFF38 }, DataType.SignedInt, WordOrder.HighFirst, -200)]
    [InlineData(new ushort[] { 0x0001, 0x0000 }, DataType.UnsignedInt, WordOrder.HighFirst, 65536)]
    [InlineData(new ushort[] { 0xFF38 }, DataType.SignedShort, WordOrder.HighFirst, -200)]
    [InlineData(new ushort[] { 0xFF38 }, DataType.UnsignedShort, WordOrder.HighFirst, 65336)]
    [InlineData(new ushort[] { 0, 0, 0x0012, 0xD687 }, DataType.UnsignedLong, WordOrder.HighFirst, 1234567)]
    [InlineData(new ushort[] { 0xD687, 0x0012, 0, 0 }, DataType.UnsignedLong, WordOrder.LowFirst, 1234567)]
    [InlineData(new ushort[] { 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFE }, DataType.SignedLong, WordOrder.HighFirst, -2)]
    [InlineData(new ushort[] { 0x4059, 0x0000, 0, 0 }, DataType.DoubleFloat, WordOrder.HighFirst, 100)]
    public void Decodes_every_type_and_word_order(ushort[] registers, DataType type, WordOrder order, double expected)
    {
        Assert.Equal(expected, RegisterCodec.Decode(registers, type, order));
        var encoded = new ushort[registers.Length];
        RegisterCodec.Encode(expected, type, order, encoded);
        Assert.Equal(registers, encoded);
    }

    [Theory]
    [InlineData(new ushort[] { 0x7FC0, 0x0000 }, DataType.SingleFloat)]
    [InlineData(new ushort[] { 0x7F80, 0x0000 }, DataType.SingleFloat)]
    [InlineData(new ushort[] { 0xFFF8, 0, 0, 0 }, DataType.DoubleFloat)]
    [InlineData(new ushort[] { 0x8000 }, DataType.SignedShort)]
    [InlineData(new ushort[] { 0xFFFF }, DataType.UnsignedShort)]
    [InlineData(new ushort[] { 0x8000, 0x0000 }, DataType.SignedInt)]
    [InlineData(new ushort[] { 0x7FFF, 0xFFFF }, DataType.SignedInt)]
    [InlineData(new ushort[] { 0xFFFF, 0xFFFF }, DataType.UnsignedInt)]
    [InlineData(new ushort[] { 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF }, DataType.UnsignedLong)]
    [InlineData(new ushort[] { 0x8000, 0, 0, 0 }, DataType.SignedLong)]
    public void Sentinels_and_nan_are_never_numbers(ushort[] registers, DataType type)
    {
        Assert.Null(RegisterCodec.Decode(registers, type, WordOrder.HighFirst));
        var encoded = new ushort[registers.Length];
        RegisterCodec.EncodeNotAvailable(type, WordOrder.HighFirst, encoded);
        Assert.Null(RegisterCodec.Decode(encoded, type, WordOrder.HighFirst));
    }

    [Fact]
    public void A_profile_sentinel_such_as_sunspec_acc32_zero_is_not_available()
    {
        Assert.Null(RegisterCodec.Decode([0, 0], DataType.UnsignedInt, WordOrder.HighFirst, [0UL]));
        Assert.Equal(0, RegisterCodec.Decode([0, 0], DataType.UnsignedInt, WordOrder.HighFirst));
    }

    [Fact]
    public void Ascii_round_trips_and_trims_padding()
    {
        var words = new ushort[6];
        RegisterCodec.EncodeAscii("B23 112", words);
        Assert.Equal(0x4232, words[0]);
        Assert.Equal("B23 112", RegisterCodec.DecodeAscii(words));
    }
}
