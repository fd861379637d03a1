namespace Dream.Meters.Tests;

/// <summary>Energy and power registers packed by Python and served by pymodbus, read by <see cref="MeterReader"/>
/// over Modbus TCP: the exact Wh and W come out, whatever the register type, word order and scale.</summary>
public class PyModbusEnergyTests
{
    private const string Registers = """
        {"1": {"hr": [[20480, "uint64", 201], [20484, "uint64", 1606], [23316, "int32", 12345], [23340, "uint16", 5000]]},
         "2": {"ir": [[72, "float32", 16.06], [74, "float32", 16.0625], [52, "float32", -1630.5], [70, "float32", 49.97], [356, "float32", 0]]},
         "3": {"ir": [[52, "int32", 201, "low-first"], [78, "int32", 1606, "low-first"], [40, "int32", 12345, "low-first"]]}}
        """;

    private static readonly ProfileCatalog Catalog = ProfileCatalog.Load([RepositoryRoot.MeterProfiles]);

    [Theory]
    [InlineData(1, "abb-b23", 2010L, 16060L, 123L)] // 0.01 kWh steps; 123.45 W
    [InlineData(2, "eastron-sdm630", 16060L, 16062L, -1630L)] // float kWh; 16062.5 Wh and -1630.5 W to even
    [InlineData(3, "carlo-gavazzi-em340", 20100L, 160600L, 1234L)] // 0.1 kWh steps, low word first; 1234.5 W
    public async Task Registers_served_by_pymodbus_read_as_exact_wh_and_w(byte unit, string profileId, long importWh, long exportWh, long powerW)
    {
        await using var server = await PyModbusMeter.StartAsync(Registers);
        await using var client = MeterAddress.Parse($"tcp://127.0.0.1:{server.Port}?unit={unit}").CreateClient(TimeSpan.FromSeconds(5), 1);
        var reader = await MeterReader.CreateAsync(Catalog.Get(profileId), client.Device(unit));
        var snapshot = await reader.ReadAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(importWh, snapshot["energy_import"]!.WholeUnits);
        Assert.Equal(exportWh, snapshot["energy_export"]!.WholeUnits);
        Assert.Equal(powerW, snapshot["power"]!.WholeUnits);
        Assert.Equal("Wh", snapshot["energy_import"]!.Unit);
        Assert.Empty(snapshot.EnergyRegressions);
    }

    [Fact]
    public async Task Display_text_is_exact_for_integer_registers_and_float_precision_for_floats()
    {
        await using var server = await PyModbusMeter.StartAsync(Registers);
        await using var client = MeterAddress.Parse($"tcp://127.0.0.1:{server.Port}?unit=1").CreateClient(TimeSpan.FromSeconds(5), 1);
        var abb = await (await MeterReader.CreateAsync(Catalog.Get("abb-b23"), client.Device(1))).ReadAsync(CancellationToken.None);
        var sdm = await (await MeterReader.CreateAsync(Catalog.Get("eastron-sdm630"), client.Device(2))).ReadAsync(CancellationToken.None);

        Assert.Equal("50", abb["frequency"]!.Text);
        Assert.Equal("123.45", abb["power"]!.Text);
        Assert.Equal("2010", abb["energy_import"]!.Text);
        Assert.Equal("49.97", sdm["frequency"]!.Text);
        Assert.Equal("16060", sdm["energy_import"]!.Text);
    }
}
