namespace Dream.Modbus;

/// <summary>The device answered, with an exception response: the request was understood and refused.</summary>
public sealed class ModbusException : Exception
{
    public ModbusException()
    {
    }

    public ModbusException(string message)
        : base(message)
    {
    }

    public ModbusException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ModbusException(byte unitId, FunctionCode function, ExceptionCode code)
        : base(Describe(unitId, function, code))
    {
        UnitId = unitId;
        Function = function;
        Code = code;
    }

    public byte UnitId { get; }

    public FunctionCode Function { get; }

    public ExceptionCode Code { get; }

    private static string Describe(byte unitId, FunctionCode function, ExceptionCode code)
    {
        var meaning = code switch
        {
            ExceptionCode.IllegalFunction => "illegal function: the device does not support this function code",
            ExceptionCode.IllegalDataAddress => "illegal data address: the device has no register at this address (check the profile)",
            ExceptionCode.IllegalDataValue => "illegal data value: the request's count or value is out of range for the device",
            ExceptionCode.ServerDeviceFailure => "server device failure",
            ExceptionCode.Acknowledge => "acknowledge: the device accepted a long-running request",
            ExceptionCode.ServerDeviceBusy => "server device busy: retry later",
            ExceptionCode.MemoryParityError => "memory parity error",
            ExceptionCode.GatewayPathUnavailable => "gateway path unavailable: the gateway cannot route to this unit id",
            ExceptionCode.GatewayTargetFailedToRespond => "gateway target failed to respond: the gateway got no answer from this unit on its serial side (check the unit id, baud rate, parity and wiring behind the gateway)",
            _ => "unknown exception code",
        };
        return $"Unit {unitId} answered {function} with exception {(byte)code}: {meaning}.";
    }
}
