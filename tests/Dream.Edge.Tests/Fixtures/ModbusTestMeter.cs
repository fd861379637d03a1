using System.Buffers.Binary;
using Dream.Edge.Configuration;
using Dream.Edge.Metering;
using Dream.Modbus;
using Dream.Modbus.Client;

namespace Dream.Edge.Tests.Fixtures;

/// <summary>Reads <see cref="SimulatedRegisters"/> over real Modbus TCP with Dream.Modbus, the way a profile-driven meter does.</summary>
public sealed class ModbusTestMeter(ModbusClient client) : IMeter
{
    public async Task<MeterSample> ReadAsync(CancellationToken cancellationToken)
    {
        var words = await client.ReadInputRegistersAsync(1, SimulatedRegisters.PowerAddress, (ushort)(SimulatedRegisters.ExportAddress + 2 - SimulatedRegisters.PowerAddress), cancellationToken);
        float At(ushort address)
        {
            var offset = address - SimulatedRegisters.PowerAddress;
            Span<byte> bytes = stackalloc byte[4];
            BinaryPrimitives.WriteUInt16BigEndian(bytes, words[offset]);
            BinaryPrimitives.WriteUInt16BigEndian(bytes[2..], words[offset + 1]);
            return BinaryPrimitives.ReadSingleBigEndian(bytes);
        }

        return MeterSample.FromMeasured(At(SimulatedRegisters.ImportAddress) * 1000.0, At(SimulatedRegisters.ExportAddress) * 1000.0, At(SimulatedRegisters.PowerAddress));
    }

    public ValueTask DisposeAsync() => client.DisposeAsync();

    public sealed class Factory(int port) : IMeterFactory
    {
        public IMeter Create(MeterOptions meter, MeterContext context) =>
            new ModbusTestMeter(new ModbusClient(TcpConnector.For("127.0.0.1", port, TimeSpan.FromSeconds(5)), new ModbusClientOptions { Endpoint = $"127.0.0.1:{port}" }));
    }
}
