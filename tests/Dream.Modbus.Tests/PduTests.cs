using Dream.Modbus.Pdu;

namespace Dream.Modbus.Tests;

/// <summary>Request and response examples of the Modbus Application Protocol specification v1.1b3, section 6.</summary>
public class PduTests
{
    [Fact]
    public void Read_coils_example()
    {
        var request = new ReadRequest(FunctionCode.ReadCoils, 0x13, 19);
        Assert.Equal("0100130013", Convert.ToHexString(request.ToPdu()));
        var bits = ModbusResponse.ParseBits(Convert.FromHexString("0103CD6B05"), 1, request);
        Assert.Equal("1011001111010110101", string.Concat(bits.Select(b => b ? '1' : '0')));
    }

    [Fact]
    public void Read_holding_registers_example()
    {
        var request = new ReadRequest(FunctionCode.ReadHoldingRegisters, 0x6B, 3);
        Assert.Equal("03006B0003", Convert.ToHexString(request.ToPdu()));
        Assert.Equal(new ushort[] { 0x022B, 0x0000, 0x0064 }, ModbusResponse.ParseRegisters(Convert.FromHexString("0306022B00000064"), 1, request));
    }

    [Fact]
    public void Read_input_registers_example()
    {
        var request = new ReadRequest(FunctionCode.ReadInputRegisters, 0x08, 1);
        Assert.Equal("0400080001", Convert.ToHexString(request.ToPdu()));
        Assert.Equal(new ushort[] { 10 }, ModbusResponse.ParseRegisters(Convert.FromHexString("0402000A"), 1, request));
    }

    [Fact]
    public void Write_requests_examples()
    {
        Assert.Equal("0500ACFF00", Convert.ToHexString(new WriteSingleCoilRequest(0xAC, true).ToPdu()));
        Assert.Equal("0600010003", Convert.ToHexString(new WriteSingleRegisterRequest(1, 3).ToPdu()));
        Assert.Equal("0F0013000A02CD01", Convert.ToHexString(new WriteMultipleCoilsRequest(0x13, [true, false, true, true, false, false, true, true, true, false]).ToPdu()));
        var registers = new WriteMultipleRegistersRequest(1, [0x000A, 0x0102]);
        Assert.Equal("100001000204000A0102", Convert.ToHexString(registers.ToPdu()));
        ModbusResponse.CheckWriteEcho(Convert.FromHexString("1000010002"), 1, registers);
        Assert.Throws<ModbusProtocolException>(() => ModbusResponse.CheckWriteEcho(Convert.FromHexString("1000010003"), 1, registers));
    }

    [Fact]
    public void Exception_response_is_typed()
    {
        var request = new ReadRequest(FunctionCode.ReadInputRegisters, 0x08, 1);
        var e = Assert.Throws<ModbusException>(() => ModbusResponse.ParseRegisters(Convert.FromHexString("8402"), 7, request));
        Assert.Equal(ExceptionCode.IllegalDataAddress, e.Code);
        Assert.Equal(7, e.UnitId);
        Assert.Equal(FunctionCode.ReadInputRegisters, e.Function);
    }

    [Fact]
    public void Wrong_function_and_wrong_length_are_protocol_errors()
    {
        var request = new ReadRequest(FunctionCode.ReadHoldingRegisters, 0, 2);
        Assert.Throws<ModbusProtocolException>(() => ModbusResponse.ParseRegisters(Convert.FromHexString("040400010002"), 1, request));
        Assert.Throws<ModbusProtocolException>(() => ModbusResponse.ParseRegisters(Convert.FromHexString("0302000A"), 1, request));
    }

    [Fact]
    public void Device_identification_request_and_response()
    {
        Assert.Equal("2B0E0100", Convert.ToHexString(new ReadDeviceIdentificationRequest(DeviceIdCategory.Basic, 0).ToPdu()));
        var pdu = Convert.FromHexString("2B0E01010000030005445245414D0102504D02023130");
        Assert.Equal(pdu.Length, PduLength.OfResponse(pdu));
        var id = ModbusResponse.ParseDeviceIdentification(pdu, 1);
        Assert.Equal("DREAM", id.VendorName);
        Assert.Equal("PM", id.ProductCode);
        Assert.Equal("10", id.Revision);
    }

    [Fact]
    public void Request_limits_are_enforced()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReadRequest(FunctionCode.ReadHoldingRegisters, 0, 126));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReadRequest(FunctionCode.ReadHoldingRegisters, 0xFFFF, 2));
        Assert.Throws<ArgumentException>(() => new ReadRequest(FunctionCode.WriteSingleCoil, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WriteMultipleRegistersRequest(0, new ushort[WriteMultipleRegistersRequest.MaxRegisters + 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WriteMultipleRegistersRequest(0, []));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WriteMultipleCoilsRequest(0xFFFF, [true, true]));
        Assert.Equal(WriteMultipleCoilsRequest.MaxCoils, new WriteMultipleCoilsRequest(0, new bool[WriteMultipleCoilsRequest.MaxCoils]).Count);
    }

    [Theory]
    [InlineData("03", null)]
    [InlineData("0304", 6)]
    [InlineData("8302", 2)]
    [InlineData("10", 5)]
    public void Response_length_is_known_from_content(string hex, int? expected) =>
        Assert.Equal(expected, PduLength.OfResponse(Convert.FromHexString(hex)));
}
