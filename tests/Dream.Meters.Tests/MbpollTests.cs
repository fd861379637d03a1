using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Dream.Meters.Tests;

/// <summary>The simulator read by mbpoll, an independent Modbus client (1-based references by default).</summary>
public partial class MbpollTests
{
    private static readonly MeterProfile Sdm630 = ProfileCatalog.Load([RepositoryRoot.MeterProfiles]).Get("eastron-sdm630");

    [Fact]
    public async Task Mbpoll_reads_the_simulated_sdm630_over_tcp()
    {
        var meter = new SimulatedMeter(Sdm630, new SimulationOptions());
        await using var server = new ModbusTcpServer(new IPEndPoint(IPAddress.Loopback, 0), ModbusFraming.Tcp, meter);
        server.Start();
        var port = server.LocalEndPoint.Port.ToString(CultureInfo.InvariantCulture);

        // Frequency (0x46) and import energy (0x48): references 71 and 73, float32 high word first (-B). mbpoll waits
        // 10 s for an answer (-o, its maximum; 1 s by default), so a loaded machine is not taken for a silent meter.
        var (code, output) = await RunAsync("-m", "tcp", "-p", port, "-a", "1", "-r", "71", "-t", "3:float", "-B", "-c", "2", "-1", "-o", "10", "127.0.0.1");
        Assert.Equal(0, code);
        var values = Values(output);
        Assert.InRange(values[71], 49.9, 50.1);
        Assert.InRange(values[73], 12345.5, 12347);

        var (refused, message) = await RunAsync("-m", "tcp", "-p", port, "-a", "1", "-r", "1001", "-t", "3", "-c", "2", "-1", "-o", "10", "127.0.0.1");
        Assert.NotEqual(0, refused);
        Assert.Contains("Illegal data address", message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Mbpoll_reads_the_simulated_sdm630_over_rtu_on_a_pseudo_terminal()
    {
        await using var pair = await SocatPtyPair.StartAsync();
        var meter = new SimulatedMeter(Sdm630, new SimulationOptions { Units = new HashSet<byte> { 3 } });
        await using var port = SerialPortStream.Open(new SerialPortSettings(pair.First) { BaudRate = 9600 });
        using var stop = new CancellationTokenSource();
        var serving = ModbusStreamServer.ServeAsync(port, ModbusFraming.Rtu, meter, stop.Token);

        var (code, output) = await RunAsync("-m", "rtu", "-b", "9600", "-P", "none", "-a", "3", "-r", "1", "-t", "3:float", "-B", "-c", "3", "-1", "-o", "10", pair.Second);
        Assert.True(code == 0, output);
        var values = Values(output);
        Assert.InRange(values[1], 220, 240);
        Assert.InRange(values[3], 220, 240);
        Assert.InRange(values[5], 220, 240);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => serving.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    private static Dictionary<int, double> Values(string output) => ValueLine().Matches(output).ToDictionary(
        m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture),
        m => double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));

    private static async Task<(int Code, string Output)> RunAsync(params string[] arguments)
    {
        var result = await ExternalProgram.RunAsync("mbpoll", arguments, timeout: TimeSpan.FromSeconds(30));
        return (result.ExitCode, result.StandardOutput + result.StandardError);
    }

    [GeneratedRegex(@"\[(\d+)\]:\s+(-?[0-9.]+)")]
    private static partial Regex ValueLine();
}
