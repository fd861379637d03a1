namespace Dream.Modbus.Client;

/// <summary>A unit on a shared bus, with the pause it needs between two requests (some meters answer
/// garbage or nothing when polled back to back).</summary>
public sealed class ModbusDevice(ModbusClient bus, byte unitId, TimeSpan delayBetweenRequests) : IModbusDevice
{
    public ModbusClient Bus { get; } = bus;

    public byte UnitId { get; } = unitId;

    public TimeSpan DelayBetweenRequests { get; } = delayBetweenRequests;

    public Task<ushort[]> ReadRegistersAsync(FunctionCode functionCode, ushort address, ushort count, CancellationToken cancellationToken) =>
        Bus.ReadRegistersAsync(UnitId, functionCode, address, count, DelayBetweenRequests, cancellationToken);

    public Task<bool[]> ReadBitsAsync(FunctionCode functionCode, ushort address, ushort count, CancellationToken cancellationToken) =>
        Bus.ReadBitsAsync(UnitId, functionCode, address, count, DelayBetweenRequests, cancellationToken);

    public Task WriteSingleRegisterAsync(ushort address, ushort value, CancellationToken cancellationToken) =>
        Bus.WriteAsync(UnitId, new WriteSingleRegisterRequest(address, value), DelayBetweenRequests, cancellationToken);

    public Task<DeviceIdentification> ReadDeviceIdentificationAsync(DeviceIdCategory category, byte objectId, CancellationToken cancellationToken) =>
        Bus.ReadDeviceIdentificationAsync(UnitId, category, objectId, DelayBetweenRequests, cancellationToken);
}
