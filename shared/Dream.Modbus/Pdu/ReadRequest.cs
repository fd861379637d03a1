using System.Buffers.Binary;

namespace Dream.Modbus.Pdu;

/// <summary>FC 1, 2, 3 or 4: read <see cref="Count"/> coils, discrete inputs, holding or input registers.</summary>
public sealed class ReadRequest : ModbusRequest
{
    public const int MaxRegisters = 125;
    public const int MaxBits = 2000;

    public ReadRequest(FunctionCode functionCode, ushort address, ushort count)
    {
        var max = functionCode switch
        {
            FunctionCode.ReadCoils or FunctionCode.ReadDiscreteInputs => MaxBits,
            FunctionCode.ReadHoldingRegisters or FunctionCode.ReadInputRegisters => MaxRegisters,
            _ => throw new ArgumentException($"{functionCode} is not a read functionCode.", nameof(functionCode)),
        };
        CheckRange(address, count, max, max == MaxBits ? "bits" : "registers");
        FunctionCode = functionCode;
        Address = address;
        Count = count;
    }

    public override FunctionCode FunctionCode { get; }

    public ushort Address { get; }

    public ushort Count { get; }

    public bool IsBitRead => FunctionCode is FunctionCode.ReadCoils or FunctionCode.ReadDiscreteInputs;

    public override int PduLength => 5;

    public override void WritePdu(Span<byte> destination)
    {
        destination[0] = (byte)FunctionCode;
        BinaryPrimitives.WriteUInt16BigEndian(destination[1..], Address);
        BinaryPrimitives.WriteUInt16BigEndian(destination[3..], Count);
    }

    /// <summary>Length of the successful response PDU: functionCode, byte count, data.</summary>
    public int ResponsePduLength => 2 + (IsBitRead ? (Count + 7) / 8 : Count * 2);
}
