using System.Text;

namespace Dream.Modbus.Server;

/// <summary>Turns a request PDU into a response PDU against a data model (sans I/O).</summary>
public static class ModbusServerProtocol
{
    public static byte[] Handle(byte unitId, ReadOnlySpan<byte> request, IModbusDataModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (request.Length == 0)
        {
            return [];
        }

        var functionCode = (FunctionCode)request[0];
        try
        {
            return functionCode switch
            {
                FunctionCode.ReadHoldingRegisters or FunctionCode.ReadInputRegisters => ReadRegisters(unitId, functionCode, request, model),
                FunctionCode.ReadCoils or FunctionCode.ReadDiscreteInputs => ReadBits(unitId, functionCode, request, model),
                FunctionCode.WriteSingleRegister => WriteSingleRegister(unitId, request, model),
                FunctionCode.WriteMultipleRegisters => WriteMultipleRegisters(unitId, request, model),
                FunctionCode.EncapsulatedInterface => Identify(unitId, request, model),
                _ => Exception(request[0], ExceptionCode.IllegalFunction),
            };
        }
        catch (ArgumentOutOfRangeException)
        {
            return Exception(request[0], ExceptionCode.IllegalDataValue);
        }
    }

    public static byte[] Exception(byte functionCode, ExceptionCode code) => [(byte)(functionCode | 0x80), (byte)code];

    private static byte[] ReadRegisters(byte unitId, FunctionCode functionCode, ReadOnlySpan<byte> request, IModbusDataModel model)
    {
        var address = BinaryPrimitives.ReadUInt16BigEndian(request[1..]);
        var count = BinaryPrimitives.ReadUInt16BigEndian(request[3..]);
        if (count is < 1 or > ReadRequest.MaxRegisters)
        {
            return Exception((byte)functionCode, ExceptionCode.IllegalDataValue);
        }

        if (address + count > 0x10000)
        {
            return Exception((byte)functionCode, ExceptionCode.IllegalDataAddress);
        }

        var values = new ushort[count];
        if (model.ReadRegisters(unitId, functionCode, address, values) is ExceptionCode refused)
        {
            return Exception((byte)functionCode, refused);
        }

        var response = new byte[2 + (2 * count)];
        response[0] = (byte)functionCode;
        response[1] = (byte)(2 * count);
        for (var i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(response.AsSpan(2 + (2 * i)), values[i]);
        }

        return response;
    }

    private static byte[] ReadBits(byte unitId, FunctionCode functionCode, ReadOnlySpan<byte> request, IModbusDataModel model)
    {
        var address = BinaryPrimitives.ReadUInt16BigEndian(request[1..]);
        var count = BinaryPrimitives.ReadUInt16BigEndian(request[3..]);
        if (count is < 1 or > ReadRequest.MaxBits)
        {
            return Exception((byte)functionCode, ExceptionCode.IllegalDataValue);
        }

        var values = new bool[count];
        if (model.ReadBits(unitId, functionCode, address, values) is ExceptionCode refused)
        {
            return Exception((byte)functionCode, refused);
        }

        var response = new byte[2 + ((count + 7) / 8)];
        response[0] = (byte)functionCode;
        response[1] = (byte)(response.Length - 2);
        for (var i = 0; i < count; i++)
        {
            if (values[i])
            {
                response[2 + (i / 8)] |= (byte)(1 << (i % 8));
            }
        }

        return response;
    }

    private static byte[] WriteSingleRegister(byte unitId, ReadOnlySpan<byte> request, IModbusDataModel model)
    {
        var address = BinaryPrimitives.ReadUInt16BigEndian(request[1..]);
        ReadOnlySpan<ushort> value = [BinaryPrimitives.ReadUInt16BigEndian(request[3..])];
        return model.WriteRegisters(unitId, address, value) is ExceptionCode refused
            ? Exception(request[0], refused)
            : request[..5].ToArray();
    }

    private static byte[] WriteMultipleRegisters(byte unitId, ReadOnlySpan<byte> request, IModbusDataModel model)
    {
        var address = BinaryPrimitives.ReadUInt16BigEndian(request[1..]);
        var count = BinaryPrimitives.ReadUInt16BigEndian(request[3..]);
        if (count is < 1 or > WriteMultipleRegistersRequest.MaxRegisters || request.Length < 6 + (2 * count))
        {
            return Exception(request[0], ExceptionCode.IllegalDataValue);
        }

        var values = new ushort[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = BinaryPrimitives.ReadUInt16BigEndian(request[(6 + (2 * i))..]);
        }

        return model.WriteRegisters(unitId, address, values) is ExceptionCode refused
            ? Exception(request[0], refused)
            : request[..5].ToArray();
    }

    private static byte[] Identify(byte unitId, ReadOnlySpan<byte> request, IModbusDataModel model)
    {
        if (request.Length < 4 || request[1] != ReadDeviceIdentificationRequest.MeiType)
        {
            return Exception(request[0], ExceptionCode.IllegalFunction);
        }

        if (model.Identification(unitId) is not DeviceIdentification identification)
        {
            return Exception(request[0], ExceptionCode.IllegalFunction);
        }

        // Basic category only: objects 0..2 fit in one page.
        var objects = identification.Objects.Where(o => o.Key <= 2).OrderBy(o => o.Key).ToList();
        using var response = new MemoryStream();
        response.Write([request[0], request[1], request[2], identification.ConformityLevel, 0x00, 0x00, (byte)objects.Count]);
        foreach (var (id, text) in objects)
        {
            var bytes = Encoding.ASCII.GetBytes(text);
            response.WriteByte(id);
            response.WriteByte((byte)bytes.Length);
            response.Write(bytes);
        }

        return response.ToArray();
    }
}
