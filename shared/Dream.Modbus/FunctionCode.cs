namespace Dream.Modbus;

/// <summary>Modbus function codes this library speaks (Modbus Application Protocol v1.1b3, section 6).</summary>
public enum FunctionCode : byte
{
    ReadCoils = 0x01,
    ReadDiscreteInputs = 0x02,
    ReadHoldingRegisters = 0x03,
    ReadInputRegisters = 0x04,
    WriteSingleCoil = 0x05,
    WriteSingleRegister = 0x06,
    WriteMultipleCoils = 0x0F,
    WriteMultipleRegisters = 0x10,
    EncapsulatedInterface = 0x2B,
}
