using Dream.Edge.Metering;
using Dream.Modbus.Client;
using Dream.Serial;

namespace Dream.Agent.Service;

/// <summary>A Modbus meter read through its profile (Dream.Meters): the energy registers in exact Wh and the
/// total power in W, each the register's exact value rounded half to even (docs/meters.md).</summary>
internal sealed class ProfileMeter(MeterProfile profile, IModbusDevice device, TimeProvider time) : IMeter
{
    private MeterReader? _reader;

    public long? RatedMaxPowerW => profile.MaxPowerW;

    public async Task<MeterSample> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            _reader ??= await MeterReader.CreateAsync(profile, device, time, cancellationToken);
            var snapshot = await _reader.ReadAsync(cancellationToken);
            var import = Whole(snapshot, "energy_import", "Wh", required: true);
            var export = Whole(snapshot, "energy_export", "Wh", required: false);
            var power = Whole(snapshot, "power", "W", required: true);
            return MeterSample.FromRegisters(import, export, power);
        }
        catch (Exception e) when (e is ModbusException or ModbusTimeoutException or ModbusProtocolException or SerialPortException or MeterNotFoundException or IOException)
        {
            throw new MeterReadException(e.Message, e);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>A quantity in whole units; a profile without an export register means the meter cannot measure export (0).</summary>
    private long Whole(MeterSnapshot snapshot, string name, string unit, bool required)
    {
        var reading = snapshot[name];
        if (reading is null)
        {
            return required ? throw new MeterReadException($"The profile {profile.Id} maps no {name} register.") : 0;
        }

        if (reading.Unit != unit)
        {
            throw new MeterReadException($"The profile {profile.Id} gives {name} in {reading.Unit}, not {unit}.");
        }

        return reading.WholeUnits ?? throw new MeterReadException($"{name} is not available: {reading.NotAvailableReason}");
    }
}
