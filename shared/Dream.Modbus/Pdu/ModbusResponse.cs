using System.Text;

namespace Dream.Modbus.Pdu;

/// <summary>Validates and decodes response PDUs against the request that caused them.</summary>
public static class ModbusResponse
{
    /// <summary>Throws <see cref="ModbusException"/> for an exception response and
    /// <see cref="ModbusProtocolException"/> when the function code is not the one requested.</summary>
    public static void ThrowIfException(ReadOnlySpan<byte> pdu, byte unitId, FunctionCode expected)
    {
        if (pdu.Length == 0)
        {
            throw new ModbusProtocolException("Empty response PDU.");
        }

        if (pdu[0] == ((byte)expected | 0x80))
        {
            if (pdu.Length != 2)
            {
                throw new ModbusProtocolException($"Exception response of {pdu.Length} bytes; it has 2.");
            }

            throw new ModbusException(unitId, expected, (ExceptionCode)pdu[1]);
        }

        if (pdu[0] != (byte)expected)
        {
            throw new ModbusProtocolException($"Asked function 0x{(byte)expected:X2}, the response carries 0x{pdu[0]:X2}.");
        }
    }

    public static ushort[] ParseRegisters(ReadOnlySpan<byte> pdu, byte unitId, ReadRequest request)
    {
        ThrowIfException(pdu, unitId, request.FunctionCode);
        CheckLength(pdu, request);
        var values = new ushort[request.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadUInt16BigEndian(pdu[(2 + (2 * i))..]);
        }

        return values;
    }

    public static bool[] ParseBits(ReadOnlySpan<byte> pdu, byte unitId, ReadRequest request)
    {
        ThrowIfException(pdu, unitId, request.FunctionCode);
        CheckLength(pdu, request);
        var values = new bool[request.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (pdu[2 + (i / 8)] & (1 << (i % 8))) != 0;
        }

        return values;
    }

    /// <summary>FC 5 and 6 echo the whole request; FC 15 and 16 echo address and quantity.</summary>
    public static void CheckWriteEcho(ReadOnlySpan<byte> pdu, byte unitId, ModbusRequest request)
    {
        ThrowIfException(pdu, unitId, request.FunctionCode);
        Span<byte> sent = stackalloc byte[request.PduLength];
        request.WritePdu(sent);
        if (pdu.Length != 5 || !pdu.SequenceEqual(sent[..5]))
        {
            throw new ModbusProtocolException($"The write response does not echo the request ({Convert.ToHexString(pdu)} for {Convert.ToHexString(sent[..5])}).");
        }
    }

    public static DeviceIdentification ParseDeviceIdentification(ReadOnlySpan<byte> pdu, byte unitId)
    {
        ThrowIfException(pdu, unitId, FunctionCode.EncapsulatedInterface);
        if (pdu.Length < 7 || pdu[1] != ReadDeviceIdentificationRequest.MeiType)
        {
            throw new ModbusProtocolException("Malformed device identification response.");
        }

        var objects = new Dictionary<byte, string>();
        var position = 7;
        for (var i = 0; i < pdu[6]; i++)
        {
            if (pdu.Length < position + 2 || pdu.Length < position + 2 + pdu[position + 1])
            {
                throw new ModbusProtocolException("Device identification object runs past the end of the response.");
            }

            var length = pdu[position + 1];
            objects[pdu[position]] = Encoding.ASCII.GetString(pdu.Slice(position + 2, length));
            position += 2 + length;
        }

        return new DeviceIdentification(pdu[3], pdu[4] == 0xFF, pdu[5], objects);
    }

    private static void CheckLength(ReadOnlySpan<byte> pdu, ReadRequest request)
    {
        if (pdu.Length < 2 || pdu[1] != request.ResponsePduLength - 2 || pdu.Length != request.ResponsePduLength)
        {
            throw new ModbusProtocolException(
                $"Asked {request.Count} {(request.IsBitRead ? "bits" : "registers")}, the response carries {(pdu.Length < 2 ? 0 : pdu[1])} bytes; {request.ResponsePduLength - 2} expected.");
        }
    }
}
