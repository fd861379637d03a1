using System.Globalization;
using Dream.Modbus.Client;

namespace Dream.Edge.Tests;

/// <summary>
/// Meter registers packed by Python and served by pymodbus, read by the real dream-agent process through the
/// shipped profiles, signed, and checked where the ledger would see them: the reading's importWh and exportWh
/// are the registers' exact Wh, and a delta is exactly the register difference.
/// </summary>
#pragma warning disable CA1001 // xunit disposes through IAsyncLifetime.DisposeAsync
public sealed class ExactEnergyEndToEndTests : IAsyncLifetime
{
    // Unit 1 ABB B23 (0.01 kWh steps), unit 2 Eastron SDM630 (float32 kWh), unit 3 Carlo Gavazzi EM340 (0.1 kWh, low word first).
    private const string Registers = """
        {"1": {"hr": [[20480, "uint64", 201], [20484, "uint64", 1606], [23316, "int32", 12345], [23340, "uint16", 5000]]},
         "2": {"ir": [[72, "float32", 16.06], [74, "float32", 16.0625], [52, "float32", -1630.5], [356, "float32", 0]]},
         "3": {"ir": [[52, "int32", 201, "low-first"], [78, "int32", 1606, "low-first"], [40, "int32", 12345, "low-first"]]}}
        """;

    private static readonly string[] s_passports = [new('a', 64), new('b', 64), new('c', 64)];

    private readonly TemporaryDirectory _directory = new();
    private MosquittoProcess _broker = null!;
    private FakeLedger _ledger = null!;
    private PythonPeer _meter = null!;

    public async Task InitializeAsync()
    {
        _broker = await MosquittoProcess.StartAsync();
        _ledger = new FakeLedger(_broker.Port);
        await _ledger.StartAsync();
        _meter = await PyModbusMeter.StartAsync(Registers);
        await AgentProcess.InitAsync(_directory.Combine("data"));
    }

    public async Task DisposeAsync()
    {
        await _meter.DisposeAsync();
        await _ledger.DisposeAsync();
        await _broker.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Registers_are_signed_as_their_exact_wh_and_a_delta_is_the_register_difference()
    {
        await using var agent = AgentProcess.Start("run", "--config", WriteConfig());
        await WaitUntilAsync(() => Readings(s_passports[0]).Count >= 2 && Readings(s_passports[1]).Count >= 2 && Readings(s_passports[2]).Count >= 2, "two readings per meter", agent);

        // The B23's import register moves one step, 0.01 kWh: the next reading says 2020 Wh, delta 10 Wh.
        await using (var client = new ModbusClient(TcpConnector.For("127.0.0.1", _meter.Port, TimeSpan.FromSeconds(5)), new ModbusClientOptions { Endpoint = $"127.0.0.1:{_meter.Port}" }))
        {
            await client.WriteMultipleRegistersAsync(1, 0x5000, [0, 0, 0, 202], CancellationToken.None);
        }

        await WaitUntilAsync(() => Readings(s_passports[0]).Any(r => r.ImportWh == 2020), "a reading after the register moved", agent);
        await agent.KillAsync();

        Assert.Empty(_ledger.Problems);
        (string Passport, long Import, long Export, long Power)[] expected =
        [
            (s_passports[1], 16_060, 16_062, -1_630), // 16.06f kWh is 16059.9995 Wh; 16.0625 kWh and -1630.5 W are halves: to even
            (s_passports[2], 20_100, 160_600, 1_234), // 201 x 0.1 kWh; 1234.5 W to even
        ];
        foreach (var (passport, import, export, power) in expected)
        {
            Assert.All(Readings(passport), r =>
            {
                Assert.Equal((import, export), (r.ImportWh, r.ExportWh));
                Assert.Equal((0L, 0L), (r.DeltaImportWh, r.DeltaExportWh));
                Assert.Equal((power, power), (r.MinW, r.MaxW));
            });
        }

        var abb = Readings(s_passports[0]);
        Assert.Equal(2010, abb[0].ImportWh);
        Assert.Equal(16_060, abb[0].ExportWh);
        Assert.Equal(123, abb[0].MaxW); // 123.45 W
        Assert.All(abb, r => Assert.True(r.ImportWh is 2010 or 2020, $"reading {r.Sequence} signed {r.ImportWh} Wh"));
        for (var i = 1; i < abb.Count; i++)
        {
            Assert.Equal(abb[i].ImportWh - abb[i - 1].ImportWh, abb[i].DeltaImportWh);
        }

        Assert.Equal(10, abb.Sum(r => r.DeltaImportWh));
    }

    private List<IntervalReading> Readings(string passport) =>
        [.. _ledger.Readings.Values.Select(r => r.Reading).Where(r => r.Passport == passport).OrderBy(r => r.Sequence)];

    private string WriteConfig()
    {
        var path = _directory.Combine("agent.json");
        var epoch = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        string Meter(int unit, string profile) =>
            $$"""{"id":"m{{unit}}","uri":"tcp://127.0.0.1:{{_meter.Port}}","unit":{{unit}},"profile":"{{profile}}","samplePeriodSeconds":10,"intervalMinutes":1,"passportId":"{{s_passports[unit - 1]}}"}""";
        File.WriteAllText(path, $$"""
            {"meters":[{{Meter(1, "abb-b23")}},{{Meter(2, "eastron-sdm630")}},{{Meter(3, "carlo-gavazzi-em340")}}],
             "broker":{"host":"127.0.0.1","port":{{_broker.Port}},"receiptTimeoutSeconds":60},
             "gridAuthorityKey":"{{_ledger.GridAuthority.PublicKey.Did}}",
             "dataDirectory":"{{_directory.Combine("data")}}",
             "testing":{"clockSpeed":60,"clockEpochMs":{{epoch.ToString(CultureInfo.InvariantCulture)}} } }
            """);
        return path;
    }

    private Task WaitUntilAsync(Func<bool> condition, string what, RunningProgram agent) =>
        AgentProcess.WaitUntilAsync(condition, what, agent, _ledger, _broker, TimeSpan.FromSeconds(90));
}
