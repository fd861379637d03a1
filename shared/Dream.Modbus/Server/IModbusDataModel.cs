namespace Dream.Modbus.Server;

/// <summary>What a Modbus server serves. A null result is success; an exception code is answered as such.</summary>
public interface IModbusDataModel
{
    bool HasUnit(byte unitId);

    /// <summary>Fills <paramref name="values"/> from <paramref name="address"/> on, for FC 3 or 4.</summary>
    ExceptionCode? ReadRegisters(byte unitId, FunctionCode functionCode, ushort address, Span<ushort> values);

    ExceptionCode? ReadBits(byte unitId, FunctionCode functionCode, ushort address, Span<bool> values) => ExceptionCode.IllegalFunction;

    ExceptionCode? WriteRegisters(byte unitId, ushort address, ReadOnlySpan<ushort> values) => ExceptionCode.IllegalFunction;

    DeviceIdentification? Identification(byte unitId) => null;
}
