using Dream.Edge.Metering;
using Dream.Meters.Profiles;
using Dream.Meters.Reading;
using Dream.Modbus;
using Dream.Modbus.Client;
using Dream.Serial;

namespace Dream.Agent.Service;

/// <summary>A Modbus meter read through its profile (Dream.Meters): the energy registers and total power.</summary>
internal sealed class ProfileMeter(MeterProfile profile, IModbusDevice device, TimeProvider time) : IMeter
{
    private MeterReader? _reader;

    public async Task<MeterSample> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            _reader ??= await MeterReader.CreateAsync(profile, device, time, cancellationToken);
            var snapshot = await _reader.ReadAsync(cancellationToken);
            var import = Energy(snapshot, "energy_import", required: true);
            var export = Energy(snapshot, "energy_export", required: false);
            var power = snapshot["power"] is { Value: double p } q ? (q.Unit == "kW" ? p * 1000 : p)
                : throw new MeterReadException($"The meter gave no total power ({snapshot["power"]?.NotAvailableReason ?? "the profile maps none"}).");
            return MeterSample.FromMeasured(import, export, power);
        }
        catch (Exception e) when (e is ModbusException or ModbusTimeoutException or ModbusProtocolException or SerialPortException or MeterNotFoundException or IOException)
        {
            throw new MeterReadException(e.Message, e);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>An energy register in Wh; a profile without an export register means the meter cannot measure export (0).</summary>
    private double Energy(MeterSnapshot snapshot, string name, bool required)
    {
        var reading = snapshot[name];
        if (reading is null)
        {
            return required ? throw new MeterReadException($"The profile {profile.Id} maps no {name} register.") : 0;
        }

        if (reading.Value is not double value)
        {
            throw new MeterReadException($"{name} is not available: {reading.NotAvailableReason}");
        }

        return reading.Unit == "kWh" ? value * 1000 : value;
    }
}
