using System.Buffers.Binary;
using Dream.Modbus;
using Dream.Modbus.Pdu;
using Dream.Modbus.Server;

namespace Dream.Edge.Tests.Fixtures;

/// <summary>An SDM630-like register map served by Dream.Modbus: float32 input registers (power W at 0x34, import kWh at 0x48, export kWh at 0x4A).</summary>
public sealed class SimulatedRegisters : IModbusDataModel
{
    public const ushort PowerAddress = 0x34;
    public const ushort ImportAddress = 0x48;
    public const ushort ExportAddress = 0x4A;

    private readonly Lock _lock = new();
    private readonly ushort[] _registers = new ushort[0x100];

    public SimulatedRegisters()
    {
        Set(0, 0, 0);
    }

    /// <summary>When set, reads answer these raw words at the import register instead (garbage the meter might send).</summary>
    public (ushort High, ushort Low)? GarbageImport { get; set; }

    public void Set(float importKwh, float exportKwh, float powerW)
    {
        lock (_lock)
        {
            Write(PowerAddress, powerW);
            Write(ImportAddress, importKwh);
            Write(ExportAddress, exportKwh);
        }
    }

    public bool HasUnit(byte unitId) => unitId == 1;

    public ExceptionCode? ReadRegisters(byte unitId, FunctionCode functionCode, ushort address, Span<ushort> values)
    {
        if (functionCode != FunctionCode.ReadInputRegisters || address + values.Length > _registers.Length)
        {
            return ExceptionCode.IllegalDataAddress;
        }

        lock (_lock)
        {
            _registers.AsSpan(address, values.Length).CopyTo(values);
            if (GarbageImport is { } g && address <= ImportAddress && address + values.Length >= ImportAddress + 2)
            {
                values[ImportAddress - address] = g.High;
                values[ImportAddress - address + 1] = g.Low;
            }
        }

        return null;
    }

    private void Write(ushort address, float value)
    {
        var bits = BitConverterFree(value);
        _registers[address] = (ushort)(bits >> 16);
        _registers[address + 1] = (ushort)bits;
    }

    private static uint BitConverterFree(float value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteSingleBigEndian(bytes, value);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }
}
