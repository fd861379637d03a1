using System.Net;

namespace Dream.Meters.Tests;

/// <summary>Each shipped profile served by the simulator over real Modbus TCP, identified and read back.</summary>
public class SimulatorReaderTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private static readonly ProfileCatalog Catalog = ProfileCatalog.Load([RepositoryRoot.MeterProfiles]);

    public static TheoryData<string> ProfileIds()
    {
        var data = new TheoryData<string>();
        foreach (var p in Catalog.All)
        {
            data.Add(p.Id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ProfileIds))]
    public async Task Each_profile_is_identified_and_read_over_modbus_tcp(string id)
    {
        var profile = Catalog.Get(id);
        var start = new DateTimeOffset(2026, 6, 21, 12, 0, 0, TimeSpan.Zero);
        var meter = new SimulatedMeter(profile, new SimulationOptions { Start = start, Units = new HashSet<byte> { 7 } });
        await using var server = new ModbusTcpServer(new IPEndPoint(IPAddress.Loopback, 0), ModbusFraming.Tcp, meter);
        server.Start();
        await using var client = MeterAddress.Parse($"tcp://127.0.0.1:{server.LocalEndPoint.Port}?unit=7").CreateClient(TimeSpan.FromSeconds(5), 1);
        var device = client.Device(7);

        var identified = await MeterIdentifier.IdentifyAsync(device, Catalog.All, CancellationToken.None).WaitAsync(Limit);
        Assert.NotNull(identified);
        Assert.Equal(id, identified.Profile.Id);
        Assert.Equal("21000042", identified.Identity.SerialNumber);

        var reader = await MeterReader.CreateAsync(profile, device).WaitAsync(Limit);
        var snapshot = await reader.ReadAsync(CancellationToken.None).WaitAsync(Limit);
        Assert.Equal(reader.Plan.Count, snapshot.Requests);
        Assert.Empty(snapshot.EnergyRegressions);
        Assert.Equal("Wh", snapshot["energy_import"]!.Unit);
        Assert.InRange(snapshot["energy_import"]!.WholeUnits!.Value, 12_345_000, 12_347_000);
        Assert.InRange(Number(snapshot["voltage_l1"]!), 220, 240);
        Assert.InRange(Number(snapshot["frequency"]!), 49.9, 50.1);
        var power = snapshot["power"]!.WholeUnits!.Value;
        var expected = meter.Model.LoadWatts(meter.SimulatedNow) - meter.Model.PvWatts(meter.SimulatedNow);
        Assert.InRange(power, expected - 50, expected + 50);
        Assert.All(snapshot.Quantities, q => Assert.True(q.IsAvailable, $"{q.Name}: {q.NotAvailableReason}"));
    }

    [Fact]
    public async Task A_single_phase_sunspec_meter_reports_missing_phases_as_not_available()
    {
        var profile = Catalog.Get("sunspec-meter");
        var meter = new SimulatedMeter(profile, new SimulationOptions { SunSpecModel = 201, Household = new HouseholdOptions { Phases = 1 } });
        var reader = await MeterReader.CreateAsync(profile, new LoopbackDevice(meter));
        var snapshot = await reader.ReadAsync(CancellationToken.None);
        Assert.Contains("201", reader.Map.Model, StringComparison.Ordinal);
        Assert.True(snapshot["voltage_l1"]!.IsAvailable);
        Assert.Null(snapshot["voltage_l2"]!.Value);
        Assert.Contains("0x8000", snapshot["voltage_l2"]!.NotAvailableReason, StringComparison.Ordinal);
        Assert.Null(snapshot["energy_import_l3"]!.Value);
    }

    [Fact]
    public async Task A_float_sunspec_meter_at_model_213_reads()
    {
        var profile = Catalog.Get("sunspec-meter");
        var meter = new SimulatedMeter(profile, new SimulationOptions { SunSpecModel = 213 });
        var reader = await MeterReader.CreateAsync(profile, new LoopbackDevice(meter));
        var snapshot = await reader.ReadAsync(CancellationToken.None);
        Assert.InRange(Number(snapshot["voltage_l2"]!), 220, 240);
        Assert.Single(reader.Plan);
    }

    [Fact]
    public async Task Unmapped_registers_answer_exception_2()
    {
        var meter = new SimulatedMeter(Catalog.Get("eastron-sdm630"), new SimulationOptions());
        var device = new LoopbackDevice(meter);
        var e = await Assert.ThrowsAsync<ModbusException>(() => device.ReadRegistersAsync(FunctionCode.ReadInputRegisters, 0x0200, 2, CancellationToken.None));
        Assert.Equal(ExceptionCode.IllegalDataAddress, e.Code);
        await Assert.ThrowsAsync<ModbusException>(() => device.ReadRegistersAsync(FunctionCode.ReadHoldingRegisters, 0x0000, 2, CancellationToken.None));
    }

    [Fact]
    public async Task A_register_the_meter_refuses_makes_only_that_quantity_not_available()
    {
        // The meter on the bus is an EM340 variant without the export register (like the older EM24).
        var full = Catalog.Get("carlo-gavazzi-em340");
        var variant = full with { Quantities = full.Quantities.Where(q => q.Name != "energy_export").ToList() };
        var device = new LoopbackDevice(new SimulatedMeter(variant, new SimulationOptions()));
        var reader = await MeterReader.CreateAsync(full, device);
        var first = await reader.ReadAsync(CancellationToken.None);
        Assert.Null(first["energy_export"]!.Value);
        Assert.Contains("exception 2", first["energy_export"]!.NotAvailableReason, StringComparison.Ordinal);
        Assert.True(first["energy_import"]!.IsAvailable);

        var requests = device.Requests;
        var second = await reader.ReadAsync(CancellationToken.None);
        Assert.Equal(reader.Plan.Count, device.Requests - requests);
        Assert.DoesNotContain(reader.Plan, b => b.Covers(new Polling.RegisterSpan(4, 0x4E, 2)));
        Assert.Null(second["energy_export"]!.Value);
        Assert.True(second["energy_import_l1"]!.IsAvailable);
    }

    [Fact]
    public async Task An_energy_register_going_backwards_is_reported()
    {
        var profile = Catalog.Get("abb-b23");
        var device = new LoopbackDevice(new SimulatedMeter(profile, new SimulationOptions { InitialImportWh = 5_000_000 }));
        var reader = await MeterReader.CreateAsync(profile, device);
        Assert.Empty((await reader.ReadAsync(CancellationToken.None)).EnergyRegressions);

        device.Model = new SimulatedMeter(profile, new SimulationOptions { InitialImportWh = 4_000_000 });
        var snapshot = await reader.ReadAsync(CancellationToken.None);
        var regression = Assert.Single(snapshot.EnergyRegressions, r => r.Name == "energy_import");
        Assert.InRange(regression.PreviousWh, 4_999_000, 5_001_000);
        Assert.InRange(regression.CurrentWh, 3_999_000, 4_001_000);
        Assert.Equal(regression.CurrentWh, snapshot["energy_import"]!.WholeUnits);
    }

    [Fact]
    public async Task A_device_that_matches_no_profile_is_not_identified()
    {
        var sdm630 = Catalog.Get("eastron-sdm630");
        var unknown = sdm630 with { Identify = [sdm630.Identify[0] with { ExpectedValue = 999 }] };
        var device = new LoopbackDevice(new SimulatedMeter(unknown, new SimulationOptions()));
        Assert.Null(await MeterIdentifier.IdentifyAsync(device, Catalog.All, CancellationToken.None));
    }

    [Fact]
    public async Task A_meter_that_stays_silent_for_a_register_it_lacks_is_still_identified()
    {
        var sdm630 = Catalog.Get("eastron-sdm630");
        var device = new SilentForUnknownRegisters(new LoopbackDevice(new SimulatedMeter(sdm630, new SimulationOptions())));
        var found = await MeterIdentifier.IdentifyAsync(device, Catalog.All, CancellationToken.None);
        Assert.Equal("eastron-sdm630", found?.Profile.Id);
        Assert.True(device.Silences > 0);
    }

    /// <summary>A display value, for ranges: voltages and frequencies are not billed, so a double is fine here.</summary>
    private static double Number(QuantityReading q) => double.Parse(q.Text!, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Some meters do not answer at all (instead of exception 2) for a register they do not have.</summary>
    private sealed class SilentForUnknownRegisters(LoopbackDevice inner) : IModbusDevice
    {
        public int Silences { get; private set; }

        public byte UnitId => inner.UnitId;

        public async Task<ushort[]> ReadRegistersAsync(FunctionCode functionCode, ushort address, ushort count, CancellationToken cancellationToken)
        {
            try
            {
                return await inner.ReadRegistersAsync(functionCode, address, count, cancellationToken);
            }
            catch (ModbusException e) when (e.Code == ExceptionCode.IllegalDataAddress)
            {
                Silences++;
                throw new ModbusTimeoutException("No answer.");
            }
        }

        public Task<Dream.Modbus.Pdu.DeviceIdentification> ReadDeviceIdentificationAsync(Dream.Modbus.Pdu.DeviceIdCategory category, byte objectId, CancellationToken cancellationToken) =>
            inner.ReadDeviceIdentificationAsync(category, objectId, cancellationToken);
    }
}
