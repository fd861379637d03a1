namespace Dream.Mqtt.Tests.Protocol;

public class VariableByteIntegerTests
{
    [Theory]
    [InlineData(0, new byte[] { 0x00 })]
    [InlineData(127, new byte[] { 0x7F })]
    [InlineData(128, new byte[] { 0x80, 0x01 })]
    [InlineData(16383, new byte[] { 0xFF, 0x7F })]
    [InlineData(16384, new byte[] { 0x80, 0x80, 0x01 })]
    [InlineData(2097151, new byte[] { 0xFF, 0xFF, 0x7F })]
    [InlineData(2097152, new byte[] { 0x80, 0x80, 0x80, 0x01 })]
    [InlineData(268435455, new byte[] { 0xFF, 0xFF, 0xFF, 0x7F })]
    public void Spec_edge_values_encode_to_the_spec_bytes_and_back(int value, byte[] expected)
    {
        var buffer = new byte[4];
        var written = VariableByteInteger.Write(buffer, value);
        Assert.Equal(expected, buffer[..written]);
        Assert.Equal(expected.Length, VariableByteInteger.SizeOf(value));
        Assert.True(VariableByteInteger.TryRead(expected, out var decoded, out var consumed));
        Assert.Equal(value, decoded);
        Assert.Equal(expected.Length, consumed);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(268435456)]
    public void Values_outside_the_range_are_refused(int value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => VariableByteInteger.Write(new byte[8], value));
    }

    [Fact]
    public void A_fifth_byte_is_a_protocol_error()
    {
        Assert.Throws<MqttProtocolException>(() => VariableByteInteger.TryRead(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x01 }, out _, out _));
    }

    [Fact]
    public void A_non_minimal_encoding_is_a_protocol_error()
    {
        Assert.Throws<MqttProtocolException>(() => VariableByteInteger.TryRead(new byte[] { 0x80, 0x00 }, out _, out _));
    }

    [Fact]
    public void An_unfinished_integer_asks_for_more_bytes()
    {
        Assert.False(VariableByteInteger.TryRead(new byte[] { 0x80, 0x80 }, out _, out _));
    }
}
