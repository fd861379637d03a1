using Dream.Modbus.Pdu;

namespace Dream.Meters.Tests;

/// <summary>A device that hands request PDUs straight to a server-side data model: the protocol code of both
/// sides runs, without a socket. Counts requests.</summary>
internal sealed class LoopbackDevice(IModbusDataModel model, byte unitId = 1) : IModbusDevice
{
    public IModbusDataModel Model { get; set; } = model;

    public byte UnitId { get; } = unitId;

    public int Requests { get; private set; }

    public Task<ushort[]> ReadRegistersAsync(FunctionCode functionCode, ushort address, ushort count, CancellationToken cancellationToken)
    {
        Requests++;
        var request = new ReadRequest(functionCode, address, count);
        var response = ModbusServerProtocol.Handle(UnitId, request.ToPdu(), Model);
        return Task.FromResult(ModbusResponse.ParseRegisters(response, UnitId, request));
    }

    public Task<DeviceIdentification> ReadDeviceIdentificationAsync(DeviceIdCategory category, byte objectId, CancellationToken cancellationToken)
    {
        Requests++;
        var response = ModbusServerProtocol.Handle(UnitId, new ReadDeviceIdentificationRequest(category, objectId).ToPdu(), Model);
        return Task.FromResult(ModbusResponse.ParseDeviceIdentification(response, UnitId));
    }
}
