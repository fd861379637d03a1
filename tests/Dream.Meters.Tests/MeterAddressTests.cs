namespace Dream.Meters.Tests;

public class MeterAddressTests
{
    [Fact]
    public void Serial_uri()
    {
        var a = MeterAddress.Parse("rtu:///dev/ttyUSB0?baud=19200&parity=E&stop=1&unit=12");
        Assert.Equal(new MeterAddress(ModbusTransportKind.SerialLine, "/dev/ttyUSB0", 0, 12, 19200, Parity.Even, StopBits.One), a);
        Assert.Equal("rtu:///dev/ttyUSB0?baud=19200&parity=E&stop=1&unit=12", a.ToString());
    }

    [Fact]
    public void Serial_uri_takes_the_profile_defaults()
    {
        var a = MeterAddress.Parse("rtu:///dev/serial/by-id/usb-FTDI-if00", new SerialDefaults { BaudRate = 19200, Parity = "E", Unit = 3 });
        Assert.Equal(19200, a.BaudRate);
        Assert.Equal(Parity.Even, a.Parity);
        Assert.Equal(3, a.Unit);
        Assert.Equal("/dev/serial/by-id/usb-FTDI-if00", a.Target);
    }

    [Fact]
    public void Network_uris()
    {
        Assert.Equal(new MeterAddress(ModbusTransportKind.Tcp, "192.168.1.20", 502, 1, 9600, Parity.None, StopBits.One), MeterAddress.Parse("tcp://192.168.1.20?unit=1"));
        var r = MeterAddress.Parse("rtutcp://gw.local:8899?unit=4");
        Assert.Equal(ModbusTransportKind.RtuOverTcp, r.Transport);
        Assert.Equal(8899, r.Port);
        Assert.Equal("gw.local:8899", r.Endpoint);
    }

    [Theory]
    [InlineData("serial:///dev/ttyUSB0", "unknown scheme")]
    [InlineData("rtu://dev/ttyUSB0", "three slashes")]
    [InlineData("rtu:///dev/ttyUSB0?baud=9601", "baud")]
    [InlineData("rtu:///dev/ttyUSB0?parity=X", "parity")]
    [InlineData("tcp://host:502?unit=300", "unit")]
    [InlineData("tcp://host:502?baud=9600", "unknown parameter")]
    [InlineData("/dev/ttyUSB0", "not a URI")]
    public void Malformed_uris_say_what_is_wrong_and_show_the_forms(string uri, string problem)
    {
        var e = Assert.Throws<FormatException>(() => MeterAddress.Parse(uri));
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.Contains("rtu:///dev/ttyUSB0?baud=9600", e.Message, StringComparison.Ordinal);
    }
}
