using System.Globalization;
using Dream.Meters.Decoding;
using Dream.Meters.Polling;
using Dream.Modbus;
using Dream.Modbus.Client;

namespace Dream.Meters.Reading;

/// <summary>Reads every quantity of one meter with the fewest requests. A register the meter refuses
/// (exception 2 or 3) makes that quantity "not available" and is left out of later plans; a sentinel or NaN
/// is "not available", never a number; an energy counter lower than the previous read is reported.</summary>
public sealed class MeterReader
{
    private readonly IModbusDevice _device;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, long> _lastEnergy = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _refused = new(StringComparer.Ordinal);
    private IReadOnlyList<ReadBlock> _plan;

    private MeterReader(MeterMap map, IModbusDevice device, TimeProvider time)
    {
        Map = map;
        _device = device;
        _time = time;
        _plan = PlanFor(map, _refused.Keys);
    }

    public MeterMap Map { get; }

    public IReadOnlyList<ReadBlock> Plan => _plan;

    /// <exception cref="MeterNotFoundException">A SunSpec profile and no SunSpec meter model on the device.</exception>
    public static async Task<MeterReader> CreateAsync(MeterProfile profile, IModbusDevice device, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(device);
        var map = profile.SunSpec is null
            ? MeterMap.FromProfile(profile)
            : await SunSpecDiscovery.DiscoverAsync(profile, device, cancellationToken)
                ?? throw new MeterNotFoundException(
                    $"Unit {device.UnitId} has no SunSpec meter: no \"SunS\" marker at {string.Join(", ", profile.SunSpec.Bases)}, or no meter model ({string.Join(", ", profile.SunSpec.Layouts.SelectMany(l => l.Models))}) in its model chain. Check the profile and the unit id.");
        return new MeterReader(map, device, timeProvider ?? TimeProvider.System);
    }

    /// <summary>The registers a plan reads for a map: the quantities and their scale factors.</summary>
    public static IReadOnlyList<ReadBlock> PlanFor(MeterMap map, IEnumerable<string>? leaveOut = null)
    {
        ArgumentNullException.ThrowIfNull(map);
        var skip = leaveOut?.ToHashSet(StringComparer.Ordinal) ?? [];
        var spans = new List<RegisterSpan>();
        foreach (var q in map.Quantities.Where(q => !skip.Contains(q.Name)))
        {
            spans.Add(q.Span);
            if (q.ScaleFactorSpan is RegisterSpan sf)
            {
                spans.Add(sf);
            }
        }

        return spans.Count == 0 ? [] : PollPlanner.Plan(spans, map.AnsweredWhole, map.Profile.MaxRegistersPerRequest);
    }

    public async Task<MeterSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var registers = new Dictionary<(byte, int), ushort>();
        var requests = 0;
        var refusedNow = false;
        foreach (var block in _plan)
        {
            try
            {
                requests++;
                var values = await _device.ReadRegistersAsync((FunctionCode)block.Function, block.Address, block.Count, cancellationToken);
                Store(registers, block.Function, block.Address, values);
            }
            catch (ModbusException e) when (e.Code is ExceptionCode.IllegalDataAddress or ExceptionCode.IllegalDataValue)
            {
                // Some register in the block is missing on this variant: find which, one quantity at a time.
                refusedNow = true;
                requests += await ReadSeparatelyAsync(block, registers, cancellationToken);
            }
        }

        if (refusedNow)
        {
            _plan = PlanFor(Map, _refused.Keys);
        }

        var readings = new List<QuantityReading>();
        var regressions = new List<EnergyRegression>();
        foreach (var q in Map.Quantities)
        {
            var reading = Decode(q, registers);
            readings.Add(reading);
            if (reading.WholeUnits is long value && StandardQuantities.IsEnergy(q.Name))
            {
                if (_lastEnergy.TryGetValue(q.Name, out var previous) && value < previous)
                {
                    regressions.Add(new EnergyRegression(q.Name, previous, value));
                }

                _lastEnergy[q.Name] = value;
            }
        }

        return new MeterSnapshot(_time.GetUtcNow(), readings, regressions, requests);
    }

    /// <summary>The meter's serial number where the profile says it is; null when the meter does not answer it.</summary>
    public async Task<MeterIdentity> ReadIdentityAsync(CancellationToken cancellationToken)
    {
        string? serial = null;
        if (Map.SerialNumber is RegisterLocation location)
        {
            try
            {
                var words = await _device.ReadRegistersAsync((FunctionCode)location.Function, location.Address, (ushort)location.RegisterCount, cancellationToken);
                serial = location.Type == DataType.Ascii
                    ? RegisterCodec.DecodeAscii(words)
                    : RegisterCodec.Decode(words, location.Type, location.WordOrder)?.ToString("0", CultureInfo.InvariantCulture);
            }
            catch (ModbusException)
            {
                serial = null;
            }
        }

        return new MeterIdentity(Map.Profile.Id, Map.Model, string.IsNullOrWhiteSpace(serial) ? null : serial);
    }

    private static void Store(Dictionary<(byte, int), ushort> registers, byte function, int address, ushort[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            registers[(function, address + i)] = values[i];
        }
    }

    private async Task<int> ReadSeparatelyAsync(ReadBlock block, Dictionary<(byte, int), ushort> registers, CancellationToken cancellationToken)
    {
        var requests = 0;
        var spans = new List<(string Name, RegisterSpan Span)>();
        foreach (var q in Map.Quantities.Where(q => !_refused.ContainsKey(q.Name) && block.Covers(q.Span)))
        {
            spans.Add((q.Name, q.Span));
            if (q.ScaleFactorSpan is RegisterSpan sf && block.Covers(sf))
            {
                spans.Add((q.Name, sf));
            }
        }

        foreach (var (name, span) in spans)
        {
            if (_refused.ContainsKey(name))
            {
                continue;
            }

            try
            {
                requests++;
                var values = await _device.ReadRegistersAsync((FunctionCode)span.Function, span.Address, (ushort)span.Count, cancellationToken);
                Store(registers, span.Function, span.Address, values);
            }
            catch (ModbusException e) when (e.Code is ExceptionCode.IllegalDataAddress or ExceptionCode.IllegalDataValue)
            {
                _refused[name] = $"the meter refuses register {span.Address} (exception {(byte)e.Code}): this variant lacks it";
            }
        }

        return requests;
    }

    private QuantityReading Decode(MappedQuantity q, Dictionary<(byte, int), ushort> registers)
    {
        if (_refused.TryGetValue(q.Name, out var why))
        {
            return new QuantityReading(q.Name, q.Unit, null, why);
        }

        var count = DataTypes.RegisterCount(q.Type);
        var words = new ushort[count];
        for (var i = 0; i < count; i++)
        {
            if (!registers.TryGetValue((q.Function, q.Address + i), out words[i]))
            {
                return new QuantityReading(q.Name, q.Unit, null, "not read");
            }
        }

        var raw = RegisterCodec.Raw(words, q.Type, q.WordOrder);
        var scale = RegisterConversion.Scale(q.Scale);
        if (q.ScaleFactorAddress is ushort sfAddress)
        {
            if (!registers.TryGetValue((q.Function, sfAddress), out var sfWord)
                || RegisterCodec.IsNotAvailable(sfWord, DataType.SignedShort)
                || (short)sfWord is < -10 or > 10)
            {
                return new QuantityReading(q.Name, q.Unit, null, "its scale factor is not available");
            }

            scale = RegisterConversion.Scale(q.Scale, (short)sfWord);
        }

        if (RegisterConversion.ToUnit(raw, q.Type, scale, q.NotAvailable) is not ExactNumber value)
        {
            return new QuantityReading(q.Name, q.Unit, null, $"the meter marks it not available (0x{raw:X})");
        }

        if ((StandardQuantities.IsEnergy(q.Name) || StandardQuantities.IsPower(q.Name)) && !value.TryRoundToInt64(out _))
        {
            return new QuantityReading(q.Name, q.Unit, null, $"0x{raw:X} is beyond any meter's range");
        }

        return new QuantityReading(q.Name, q.Unit, value, null)
        {
            SignificantDigits = q.Type switch
            {
                DataType.SingleFloat => 7,
                DataType.DoubleFloat => 15,
                _ => null,
            },
        };
    }
}
