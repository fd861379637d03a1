using System.Security.Cryptography;
using Dream.Testing;

namespace Dream.Serial.Tests;

public class SerialPortStreamTests
{
    [Theory]
    [InlineData(9600, Parity.None, StopBits.One)]
    [InlineData(19200, Parity.Even, StopBits.One)]
    [InlineData(1200, Parity.Odd, StopBits.Two)]
    [InlineData(115200, Parity.None, StopBits.Two)]
    public async Task Bytes_cross_a_pseudo_terminal_pair_both_ways(int baud, Parity parity, StopBits stopBits)
    {
        await using var pair = await SocatPtyPair.StartAsync();
        await using var a = SerialPortStream.Open(new SerialPortSettings(pair.First) { BaudRate = baud, Parity = parity, StopBits = stopBits });
        await using var b = SerialPortStream.Open(new SerialPortSettings(pair.Second) { BaudRate = baud, Parity = parity, StopBits = stopBits });

        var payload = RandomNumberGenerator.GetBytes(3000);
        await a.WriteAsync(payload);
        await a.FlushAsync();
        Assert.Equal(payload, await ReadExactlyAsync(b, payload.Length));

        byte[] reply = [0x01, 0x03, 0x00, 0x00, 0xFF, 0x11, 0x13];
        await b.WriteAsync(reply);
        Assert.Equal(reply, await ReadExactlyAsync(a, reply.Length));
    }

    [Fact]
    public async Task A_pending_read_is_cancelled()
    {
        await using var pair = await SocatPtyPair.StartAsync();
        await using var a = SerialPortStream.Open(new SerialPortSettings(pair.First));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await a.ReadExactlyAsync(new byte[16], cancel.Token));
    }

    [Fact]
    public void A_missing_device_names_the_path_and_what_to_check()
    {
        var e = Assert.Throws<SerialPortException>(() => SerialPortStream.Open(new SerialPortSettings("/dev/ttyDoesNotExist0")));
        Assert.Equal(2, e.Errno);
        Assert.Contains("/dev/ttyDoesNotExist0", e.Message, StringComparison.Ordinal);
        Assert.Contains("plugged in", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_a_terminal_is_refused()
    {
        var e = Assert.Throws<SerialPortException>(() => SerialPortStream.Open(new SerialPortSettings("/dev/null")));
        Assert.Equal(25, e.Errno);
        Assert.Contains("not a terminal", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unsupported_baud_rate_is_refused_with_the_supported_list()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => SerialPortStream.Open(new SerialPortSettings("/dev/null") { BaudRate = 12345 }));
        Assert.Contains("9600", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rs485_mode_on_a_port_without_it_says_so()
    {
        await using var pair = await SocatPtyPair.StartAsync();
        var e = Assert.Throws<SerialPortException>(() => SerialPortStream.Open(new SerialPortSettings(pair.First) { Rs485 = new Rs485Options() }));
        Assert.Contains("RS485", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reading_after_the_peer_closed_ends_the_stream()
    {
        var pair = await SocatPtyPair.StartAsync();
        await using var a = SerialPortStream.Open(new SerialPortSettings(pair.First));
        await pair.DisposeAsync();
        var read = await a.ReadAsync(new byte[8]).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, read);
    }

    [Fact]
    public async Task A_pseudo_terminal_of_our_own_carries_bytes_to_whoever_opens_its_link()
    {
        using var dir = new TemporaryDirectory();
        var link = dir.Combine("meter");
        using (var pt = PseudoTerminal.Open(link))
        {
            Assert.StartsWith("/dev/pts/", pt.DevicePath, StringComparison.Ordinal);
            await using var port = SerialPortStream.Open(new SerialPortSettings(link) { BaudRate = 9600, Parity = Parity.Even });
            await port.WriteAsync(new byte[] { 1, 2, 3 });
            Assert.Equal(new byte[] { 1, 2, 3 }, await ReadExactlyAsync(pt.Master, 3));
            await pt.Master.WriteAsync(new byte[] { 9, 8 });
            Assert.Equal(new byte[] { 9, 8 }, await ReadExactlyAsync(port, 2));
        }

        Assert.False(File.Exists(link));
    }

    private static async Task<byte[]> ReadExactlyAsync(Stream stream, int count)
    {
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        return buffer;
    }
}
