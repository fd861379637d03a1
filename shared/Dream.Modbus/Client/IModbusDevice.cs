namespace Dream.Modbus.Client;

/// <summary>One unit on a bus: what a meter reader needs.</summary>
public interface IModbusDevice
{
    byte UnitId { get; }

    Task<ushort[]> ReadRegistersAsync(FunctionCode functionCode, ushort address, ushort count, CancellationToken cancellationToken);

    Task<DeviceIdentification> ReadDeviceIdentificationAsync(DeviceIdCategory category, byte objectId, CancellationToken cancellationToken);
}
