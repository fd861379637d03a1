namespace Dream.Modbus.Pdu;

/// <summary>Where a PDU ends, read from its own content: RTU has no length field, so a receiver must know.</summary>
public static class PduLength
{
    /// <summary>Length of the response PDU that starts <paramref name="pdu"/>, or null while more bytes are needed.</summary>
    /// <exception cref="ModbusProtocolException">The function code is not one a response can carry.</exception>
    public static int? OfResponse(ReadOnlySpan<byte> pdu)
    {
        if (pdu.Length < 1)
        {
            return null;
        }

        var function = pdu[0];
        if ((function & 0x80) != 0)
        {
            return 2;
        }

        switch ((FunctionCode)function)
        {
            case FunctionCode.ReadCoils:
            case FunctionCode.ReadDiscreteInputs:
            case FunctionCode.ReadHoldingRegisters:
            case FunctionCode.ReadInputRegisters:
                return pdu.Length < 2 ? null : 2 + pdu[1];
            case FunctionCode.WriteSingleCoil:
            case FunctionCode.WriteSingleRegister:
            case FunctionCode.WriteMultipleCoils:
            case FunctionCode.WriteMultipleRegisters:
                return 5;
            case FunctionCode.EncapsulatedInterface:
                return OfDeviceIdentificationResponse(pdu);
            default:
                throw new ModbusProtocolException($"Response carries unknown function code 0x{function:X2}.");
        }
    }

    /// <summary>Length of the request PDU that starts <paramref name="pdu"/>, or null while more bytes are needed.</summary>
    public static int? OfRequest(ReadOnlySpan<byte> pdu)
    {
        if (pdu.Length < 1)
        {
            return null;
        }

        switch ((FunctionCode)pdu[0])
        {
            case FunctionCode.ReadCoils:
            case FunctionCode.ReadDiscreteInputs:
            case FunctionCode.ReadHoldingRegisters:
            case FunctionCode.ReadInputRegisters:
            case FunctionCode.WriteSingleCoil:
            case FunctionCode.WriteSingleRegister:
                return 5;
            case FunctionCode.WriteMultipleCoils:
            case FunctionCode.WriteMultipleRegisters:
                return pdu.Length < 6 ? null : 6 + pdu[5];
            case FunctionCode.EncapsulatedInterface:
                return 4;
            default:
                throw new ModbusProtocolException($"Request carries unsupported function code 0x{pdu[0]:X2}.");
        }
    }

    private static int? OfDeviceIdentificationResponse(ReadOnlySpan<byte> pdu)
    {
        // fc, MEI type, read code, conformity, more follows, next object id, object count, then (id, length, value)*.
        const int header = 7;
        if (pdu.Length < header)
        {
            return null;
        }

        var objects = pdu[6];
        var position = header;
        for (var i = 0; i < objects; i++)
        {
            if (pdu.Length < position + 2)
            {
                return null;
            }

            position += 2 + pdu[position + 1];
        }

        return position;
    }
}
