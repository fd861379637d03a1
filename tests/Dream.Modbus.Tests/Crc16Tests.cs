using System.Text;

namespace Dream.Modbus.Tests;

public class Crc16Tests
{
    [Fact]
    public void Check_value_of_the_crc_catalogue()
    {
        // CRC-16/MODBUS check value over "123456789" (Williams' catalogue of parametrised CRCs).
        Assert.Equal(0x4B37, Crc16.Compute(Encoding.ASCII.GetBytes("123456789")));
    }

    [Theory]
    [InlineData("01030000000A", "C5CD")]
    [InlineData("1103006B0003", "7687")]
    [InlineData("010400000002", "71CB")]
    public void Known_request_frames_end_with_their_crc_low_byte_first(string body, string crc)
    {
        var frame = new byte[(body.Length / 2) + 2];
        Convert.FromHexString(body).CopyTo(frame, 0);
        Crc16.Append(frame, frame.Length - 2);
        Assert.Equal(crc, Convert.ToHexString(frame[^2..]));
        Assert.True(Crc16.IsValid(frame));
        frame[1] ^= 0x01;
        Assert.False(Crc16.IsValid(frame));
    }
}
