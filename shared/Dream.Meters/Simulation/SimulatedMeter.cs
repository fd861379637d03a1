using System.Globalization;
using Dream.Meters.Decoding;
using Dream.Meters.Reading;
using Dream.Modbus;
using Dream.Modbus.Pdu;
using Dream.Modbus.Server;

namespace Dream.Meters.Simulation;

/// <summary>A meter that serves a profile's registers from the household model, like the real model would:
/// registers the profile does not map answer exception 2 (illegal data address).</summary>
public sealed class SimulatedMeter : IModbusDataModel
{
    private readonly Lock _lock = new();
    private readonly MeterProfile _profile;
    private readonly SimulationOptions _options;
    private readonly TimeProvider _time;
    private readonly DateTimeOffset _realStart;
    private readonly DateTimeOffset _simulatedStart;
    private readonly EnergyCounters _energy;

    public SimulatedMeter(MeterProfile profile, SimulationOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(options);
        if (options.TimeScale <= 0 || double.IsNaN(options.TimeScale))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.TimeScale, "The time scale is a positive number.");
        }

        _profile = profile;
        _options = options with { Household = options.Household with { Phases = Math.Min(profile.Phases, options.Household.Phases) } };
        _time = timeProvider ?? TimeProvider.System;
        _realStart = _time.GetUtcNow();
        _simulatedStart = options.ClockEpoch is { } epoch ? epoch + ((_realStart - epoch) * options.TimeScale) : options.Start ?? _realStart;
        Model = new HouseholdModel(_options.Household);
        _energy = new EnergyCounters(Model, _simulatedStart, options.InitialImportWh, options.InitialExportWh);
        if (profile.SunSpec is SunSpecDefinition sunSpec
            && !sunSpec.Layouts.Any(l => l.Models.Contains(options.SunSpecModel)))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.SunSpecModel, $"Profile {profile.Id} has no layout for SunSpec model {options.SunSpecModel}.");
        }
    }

    public HouseholdModel Model { get; }

    /// <summary>Raised for every read answered (under the meter's lock, so in the order served).</summary>
    public event EventHandler<ServedRead>? Served;

    public DateTimeOffset SimulatedNow =>
        _simulatedStart + ((_time.GetUtcNow() - _realStart) * _options.TimeScale);

    public bool HasUnit(byte unitId) => _options.Units.Contains(unitId);

    public ExceptionCode? ReadRegisters(byte unitId, FunctionCode functionCode, ushort address, Span<ushort> values)
    {
        Dictionary<(byte, int), ushort> image;
        lock (_lock)
        {
            image = BuildImage();
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (!image.TryGetValue(((byte)functionCode, address + i), out values[i]))
            {
                return ExceptionCode.IllegalDataAddress;
            }
        }

        return null;
    }

    public DeviceIdentification? Identification(byte unitId) => new(
        0x01,
        false,
        0,
        new Dictionary<byte, string> { [0] = _profile.Manufacturer, [1] = _profile.Model, [2] = "dream-simulator" });

    /// <summary>The value the meter shows for a standard quantity, in <paramref name="unit"/>; NaN where the
    /// meter has no such quantity (a missing phase).</summary>
    public double ValueOf(string name, string unit)
    {
        lock (_lock)
        {
            var now = SimulatedNow;
            _energy.AdvanceTo(now);
            return ValueOf(name, unit, Model.At(now));
        }
    }

    private double ValueOf(string name, string unit, ElectricalState state)
    {
        var kilo = unit is "kWh" or "kW" ? 1000.0 : 1.0;
        int Phase(string n) => n[^1] - '1';
        return name switch
        {
            "energy_import" => _energy.ImportWh / kilo,
            "energy_export" => _energy.ExportWh / kilo,
            _ when name.StartsWith("energy_import_", StringComparison.Ordinal) => PhaseEnergy(_energy.PhaseImportWh, Phase(name)) / kilo,
            _ when name.StartsWith("energy_export_", StringComparison.Ordinal) => PhaseEnergy(_energy.PhaseExportWh, Phase(name)) / kilo,
            "power" => state.TotalPower / kilo,
            _ when name.StartsWith("power_l", StringComparison.Ordinal) => state.Power[Phase(name)] / kilo,
            _ when name.StartsWith("voltage_l", StringComparison.Ordinal) => state.Voltage[Phase(name)],
            _ when name.StartsWith("current_l", StringComparison.Ordinal) => state.Current[Phase(name)],
            "frequency" => state.Frequency,
            "power_factor" => state.PowerFactor,
            _ => double.NaN,
        };
    }

    private double PhaseEnergy(double[] counters, int phase) => phase < _options.Household.Phases ? counters[phase] : double.NaN;

    private Dictionary<(byte, int), ushort> BuildImage()
    {
        var now = SimulatedNow;
        _energy.AdvanceTo(now);
        Served?.Invoke(this, new ServedRead(now, _energy.ImportWh, _energy.ExportWh));
        var state = Model.At(now);
        var image = new Dictionary<(byte, int), ushort>();
        if (_profile.SunSpec is SunSpecDefinition sunSpec)
        {
            BuildSunSpec(image, sunSpec, state);
            return image;
        }

        foreach (var range in _profile.AnswersEveryRegisterIn)
        {
            for (var a = (int)range.From; a <= range.To; a++)
            {
                image[(range.Function, a)] = 0;
            }
        }

        foreach (var probe in _profile.Identify)
        {
            var words = new ushort[probe.RegisterCount];
            if (probe.Type == DataType.Ascii)
            {
                RegisterCodec.EncodeAscii(probe.StartsWith ?? string.Empty, words);
            }
            else
            {
                var value = probe.ExpectedValue ?? ((probe.Min ?? probe.Max ?? 0) + (probe.Max ?? probe.Min ?? 0)) / 2;
                RegisterCodec.Encode(value, probe.Type, probe.WordOrder, words);
            }

            Put(image, probe.Function, probe.Address, words);
        }

        if (_profile.SerialNumber is RegisterLocation serial)
        {
            var words = new ushort[serial.RegisterCount];
            if (serial.Type == DataType.Ascii)
            {
                RegisterCodec.EncodeAscii(_options.SerialNumber, words);
            }
            else
            {
                RegisterCodec.Encode(double.Parse(_options.SerialNumber, CultureInfo.InvariantCulture), serial.Type, serial.WordOrder, words);
            }

            Put(image, serial.Function, serial.Address, words);
        }

        foreach (var q in _profile.Quantities)
        {
            var words = new ushort[DataTypes.RegisterCount(q.Type)];
            var value = ValueOf(q.Name, q.Unit, state);
            if (double.IsNaN(value))
            {
                RegisterCodec.EncodeNotAvailable(q.Type, q.WordOrder, words);
            }
            else
            {
                // The simulated device rounds like a meter does: to its register step.
                RegisterCodec.Encode(value / (double)q.Scale, q.Type, q.WordOrder, words);
            }

            Put(image, q.Function, q.Address, words);
        }

        return image;
    }

    private void BuildSunSpec(Dictionary<(byte, int), ushort> image, SunSpecDefinition sunSpec, ElectricalState state)
    {
        const byte Holding = 3;
        var markerBase = sunSpec.Bases[0];
        Put(image, Holding, markerBase, [SunSpecDiscovery.MarkerHigh, SunSpecDiscovery.MarkerLow]);

        var common = new ushort[68];
        common[0] = SunSpecDiscovery.CommonModel;
        common[1] = 66;
        RegisterCodec.EncodeAscii("Dream", common.AsSpan(2, 16));
        RegisterCodec.EncodeAscii("Simulated SunSpec meter", common.AsSpan(18, 16));
        RegisterCodec.EncodeAscii("1.0", common.AsSpan(42, 8));
        RegisterCodec.EncodeAscii(_options.SerialNumber, common.AsSpan(50, 16));
        common[66] = _options.Units.Min();
        Put(image, Holding, markerBase + 2, common);

        var layout = sunSpec.Layouts.First(l => l.Models.Contains(_options.SunSpecModel));
        var model = new ushort[layout.Length + 2];
        model[0] = (ushort)_options.SunSpecModel;
        model[1] = (ushort)layout.Length;
        foreach (var q in layout.Quantities)
        {
            var value = ValueOf(q.Name, q.Unit, state);
            var words = model.AsSpan(q.Offset, DataTypes.RegisterCount(q.Type));
            if (q.ScaleFactorOffset is int sfOffset)
            {
                var sf = q.Unit switch
                {
                    "V" => -1,
                    "A" or "Hz" => -2,
                    "1" => -3,
                    _ => 0,
                };
                model[sfOffset] = (ushort)(short)sf;
                value /= Math.Pow(10, sf);
            }

            if (double.IsNaN(value))
            {
                RegisterCodec.EncodeNotAvailable(q.Type, WordOrder.HighFirst, words);
            }
            else
            {
                RegisterCodec.Encode(value, q.Type, WordOrder.HighFirst, words);
            }
        }

        var modelStart = markerBase + 2 + common.Length;
        Put(image, Holding, modelStart, model);
        Put(image, Holding, modelStart + model.Length, [0xFFFF, 0]);
    }

    private static void Put(Dictionary<(byte, int), ushort> image, byte function, int address, ReadOnlySpan<ushort> words)
    {
        for (var i = 0; i < words.Length; i++)
        {
            image[(function, address + i)] = words[i];
        }
    }
}
