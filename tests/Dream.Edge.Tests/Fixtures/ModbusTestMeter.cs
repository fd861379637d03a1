using Dream.Meters.Decoding;
using Dream.Meters.Profiles;
using Dream.Modbus;
using Dream.Modbus.Client;

namespace Dream.Edge.Tests.Fixtures;

/// <summary>Reads <see cref="SimulatedRegisters"/> over real Modbus TCP with Dream.Modbus, the way a profile-driven
/// meter does: float32 kWh converted exactly to Wh (Dream.Meters' conversion), power in W.</summary>
public sealed class ModbusTestMeter(ModbusClient client, long? ratedMaxPowerW = null) : IMeter
{
    private static readonly ExactNumber s_kilo = RegisterConversion.Scale(1000);
    private static readonly ExactNumber s_one = RegisterConversion.Scale(1);

    public long? RatedMaxPowerW => ratedMaxPowerW;

    public async Task<MeterSample> ReadAsync(CancellationToken cancellationToken)
    {
        var words = await client.ReadInputRegistersAsync(1, SimulatedRegisters.PowerAddress, (ushort)(SimulatedRegisters.ExportAddress + 2 - SimulatedRegisters.PowerAddress), cancellationToken);
        long At(ushort address, ExactNumber scale, string what)
        {
            var raw = RegisterCodec.Raw(words.AsSpan(address - SimulatedRegisters.PowerAddress, 2), DataType.SingleFloat, WordOrder.HighFirst);
            return RegisterConversion.ToWholeUnits(raw, DataType.SingleFloat, scale)
                ?? throw new MeterReadException($"{what} is not available (0x{raw:X8}).");
        }

        return MeterSample.FromRegisters(
            At(SimulatedRegisters.ImportAddress, s_kilo, "energy_import"),
            At(SimulatedRegisters.ExportAddress, s_kilo, "energy_export"),
            At(SimulatedRegisters.PowerAddress, s_one, "power"));
    }

    public ValueTask DisposeAsync() => client.DisposeAsync();

    /// <param name="ratedMaxPowerW">The rating the meter reports, as a profile would give it.</param>
    public sealed class Factory(int port, long? ratedMaxPowerW = null) : IMeterFactory
    {
        public IMeter Create(MeterOptions meter, MeterContext context) =>
            new ModbusTestMeter(new ModbusClient(TcpConnector.For("127.0.0.1", port, TimeSpan.FromSeconds(5)), new ModbusClientOptions { Endpoint = $"127.0.0.1:{port}" }), ratedMaxPowerW);
    }
}
