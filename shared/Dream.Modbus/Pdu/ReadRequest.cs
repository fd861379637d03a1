namespace Dream.Modbus.Pdu;

/// <summary>FC 1, 2, 3 or 4: read <see cref="Count"/> coils, discrete inputs, holding or input registers.</summary>
public sealed class ReadRequest : AddressWordRequest
{
    public const int MaxRegisters = 125;
    public const int MaxBits = 2000;

    public ReadRequest(FunctionCode functionCode, ushort address, ushort count)
        : base(address)
    {
        var max = functionCode switch
        {
            FunctionCode.ReadCoils or FunctionCode.ReadDiscreteInputs => MaxBits,
            FunctionCode.ReadHoldingRegisters or FunctionCode.ReadInputRegisters => MaxRegisters,
            _ => throw new ArgumentException($"{functionCode} is not a read functionCode.", nameof(functionCode)),
        };
        CheckRange(address, count, max, max == MaxBits ? "bits" : "registers");
        FunctionCode = functionCode;
        Count = count;
    }

    public override FunctionCode FunctionCode { get; }

    public ushort Count { get; }

    public bool IsBitRead => FunctionCode is FunctionCode.ReadCoils or FunctionCode.ReadDiscreteInputs;

    protected override ushort Word => Count;

    /// <summary>Length of the successful response PDU: functionCode, byte count, data.</summary>
    public int ResponsePduLength => 2 + (IsBitRead ? (Count + 7) / 8 : Count * 2);
}
