using System.Text.Json;

namespace Dream.Agent.Tests;

/// <summary>The technician commands end to end: the built dream-agent against its own simulator.</summary>
public class CommandLineTests
{
    [Fact]
    public async Task Profiles_lists_every_shipped_model()
    {
        var (code, output, _) = await AgentProcess.RunAsync("profiles", "--json");
        Assert.Equal(0, code);
        var profiles = JsonDocument.Parse(output).RootElement.EnumerateArray().ToList();
        var ids = profiles.Select(p => p.GetProperty("id").GetString()).ToList();
        Assert.Equal(65 * 230 * 3, profiles[0].GetProperty("maxPowerW").GetInt64());
        Assert.Equal(["abb-b23", "abb-b24", "carlo-gavazzi-em24-e1", "carlo-gavazzi-em340", "eastron-sdm120", "eastron-sdm630", "eastron-sdm72d-m-v2", "sunspec-meter"], ids);

        var (tableCode, table, _) = await AgentProcess.RunAsync("profiles");
        Assert.Equal(0, tableCode);
        Assert.Contains("eastron-sdm72d-m-v2", table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_json_prints_one_object_of_standard_quantities_over_modbus_tcp()
    {
        await using var sim = await Simulator.StartAsync("--profile", "eastron-sdm630", "--listen", "127.0.0.1:0", "--start", "2026-06-21T12:00:00Z");
        var (code, output, error) = await AgentProcess.RunAsync("read", "--meter", $"tcp://{sim.Where}?unit=1", "--profile", "eastron-sdm630", "--json");
        Assert.True(code == 0, error);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(19, json.EnumerateObject().Count());
        Assert.InRange(json.GetProperty("energy_import").GetInt64(), 12_345_000, 12_347_000);
        Assert.InRange(json.GetProperty("voltage_l3").GetDouble(), 220, 240);
        Assert.True(json.GetProperty("power").GetInt64() < 0, "noon in June exports");
    }

    [Fact]
    public async Task Read_shows_exactly_the_wh_the_agent_signs_for_registers_served_by_pymodbus()
    {
        // ABB B23: import 201 x 0.01 kWh, export 1606 x 0.01 kWh, power 12345 x 0.01 W.
        await using var meter = await PyModbusMeter.StartAsync("""{"1": {"hr": [[20480, "uint64", 201], [20484, "uint64", 1606], [23316, "int32", 12345], [23340, "uint16", 5000]]}}""");
        var where = $"tcp://127.0.0.1:{meter.Port}?unit=1";
        var (code, output, error) = await AgentProcess.RunAsync("read", "--meter", where, "--profile", "abb-b23", "--json");
        Assert.True(code == 0, error);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(2010, json.GetProperty("energy_import").GetInt64());
        Assert.Equal(16060, json.GetProperty("energy_export").GetInt64());
        Assert.Equal(123, json.GetProperty("power").GetInt64());
        Assert.Equal("50", json.GetProperty("frequency").GetRawText());

        var (tableCode, table, tableError) = await AgentProcess.RunAsync("read", "--meter", where, "--profile", "abb-b23");
        Assert.True(tableCode == 0, tableError);
        Assert.Contains("2.010", table, StringComparison.Ordinal);
        Assert.Contains("16.060", table, StringComparison.Ordinal);
        Assert.Contains("kWh", table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_without_a_profile_identifies_the_meter_and_prints_a_table()
    {
        await using var sim = await Simulator.StartAsync("--profile", "carlo-gavazzi-em340", "--listen", "127.0.0.1:0", "--unit", "4", "--serial-number", "KX123");
        var (code, output, error) = await AgentProcess.RunAsync("read", "--meter", $"tcp://{sim.Where}?unit=4");
        Assert.True(code == 0, error);
        Assert.Contains("carlo-gavazzi-em340", output, StringComparison.Ordinal);
        Assert.Contains("KX123", output, StringComparison.Ordinal);
        Assert.Contains("energy_import_l2", output, StringComparison.Ordinal);
        Assert.Contains("kWh", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_finds_and_identifies_the_unit_on_a_tcp_gateway()
    {
        await using var sim = await Simulator.StartAsync("--profile", "abb-b24", "--listen", "127.0.0.1:0", "--unit", "3");
        var (code, output, error) = await AgentProcess.RunAsync("scan", "--bus", $"tcp://{sim.Where}", "--units", "1-5", "--json", "--timeout-ms", "3000");
        Assert.True(code == 0, error);
        var found = Assert.Single(JsonDocument.Parse(output).RootElement.EnumerateArray());
        Assert.Equal(3, found.GetProperty("unit").GetInt32());
        Assert.Equal("abb-b24", found.GetProperty("profile").GetString());
        Assert.Equal("21000042", found.GetProperty("serialNumber").GetString());
    }

    [Fact]
    public async Task Scan_and_read_over_rtu_on_the_simulators_pseudo_terminal()
    {
        var dir = Directory.CreateTempSubdirectory("dream-agent-");
        try
        {
            var link = Path.Combine(dir.FullName, "meter");
            await using var sim = await Simulator.StartAsync("--profile", "sunspec-meter", "--pty", link, "--unit", "2", "--sunspec-model", "213");
            Assert.Equal(link, sim.Where);

            var (scanCode, scan, scanError) = await AgentProcess.RunAsync("scan", "--bus", $"rtu://{link}?baud=9600", "--units", "2,3", "--timeout-ms", "2000");
            Assert.True(scanCode == 0, scanError);
            Assert.Contains("sunspec-meter", scan, StringComparison.Ordinal);
            Assert.Contains("SunSpec model 213", scan, StringComparison.Ordinal);

            var (code, output, error) = await AgentProcess.RunAsync("read", "--meter", $"rtu://{link}?baud=9600&parity=N&unit=2", "--profile", "sunspec-meter", "--json");
            Assert.True(code == 0, error);
            var json = JsonDocument.Parse(output).RootElement;
            Assert.True(json.GetProperty("energy_import").GetInt64() > 12_000_000, "energies are in Wh");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Watch_prints_a_json_object_per_read()
    {
        await using var sim = await Simulator.StartAsync("--profile", "eastron-sdm120", "--listen", "127.0.0.1:0", "--time-scale", "3600");
        await using var watch = AgentProcess.Start("read", "--meter", $"tcp://{sim.Where}?unit=1", "--profile", "eastron-sdm120", "--json", "--watch", "--interval", "0.2");
        var first = JsonDocument.Parse(await watch.NextStandardOutputLineAsync(TimeSpan.FromSeconds(30))).RootElement;
        var second = JsonDocument.Parse(await watch.NextStandardOutputLineAsync(TimeSpan.FromSeconds(30))).RootElement;
        Assert.Equal(JsonValueKind.Number, first.GetProperty("frequency").ValueKind);
        var counted = second.GetProperty("energy_import").GetInt64() + second.GetProperty("energy_export").GetInt64();
        Assert.True(counted > first.GetProperty("energy_import").GetInt64() + first.GetProperty("energy_export").GetInt64(), "at 3600x the counters move between reads");
    }

    [Fact]
    public async Task Speaking_rtu_over_tcp_to_a_modbus_tcp_device_says_to_use_tcp()
    {
        await using var sim = await Simulator.StartAsync("--profile", "eastron-sdm630", "--listen", "127.0.0.1:0");
        var (code, _, error) = await AgentProcess.RunAsync("read", "--meter", $"rtutcp://{sim.Where}?unit=1", "--profile", "eastron-sdm630", "--retries", "0");
        Assert.Equal(1, code);
        Assert.Contains("tcp://", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Speaking_modbus_tcp_to_a_transparent_converter_says_to_use_rtutcp()
    {
        await using var sim = await Simulator.StartAsync("--profile", "eastron-sdm630", "--listen", "127.0.0.1:0", "--framing", "rtu");
        var (code, _, error) = await AgentProcess.RunAsync("read", "--meter", $"tcp://{sim.Where}?unit=1", "--profile", "eastron-sdm630", "--retries", "0");
        Assert.Equal(1, code);
        Assert.Contains("rtutcp://", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("read --meter tcp://127.0.0.1:1?unit=1 --profile eastron-sdm999", 2, "eastron-sdm630")]
    [InlineData("read --meter serial:///dev/ttyUSB0 --profile eastron-sdm630", 2, "rtu:///dev/ttyUSB0?baud=9600")]
    [InlineData("read --meter rtu:///dev/ttyDream404?unit=1 --profile eastron-sdm630", 1, "plugged in")]
    [InlineData("read --meter tcp://127.0.0.1:1?unit=1 --profile eastron-sdm630 --retries 0", 1, "Could not connect")]
    [InlineData("scan --bus tcp://127.0.0.1:1 --units 9-3", 2, "backwards")]
    [InlineData("simulate-meter --profile eastron-sdm630", 2, "--listen")]
    public async Task Errors_say_what_to_check(string arguments, int expectedCode, string expectedText)
    {
        var (code, _, error) = await AgentProcess.RunAsync(arguments.Split(' '));
        Assert.Equal(expectedCode, code);
        Assert.Contains(expectedText, error, StringComparison.Ordinal);
    }
}
