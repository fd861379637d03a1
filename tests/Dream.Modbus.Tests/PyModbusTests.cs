using Dream.Modbus.Pdu;
using Dream.Serial;

namespace Dream.Modbus.Tests;

/// <summary>Our client against pymodbus, an independent implementation, over TCP and over RTU on pseudo-terminals.</summary>
public class PyModbusTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Every_function_code_over_modbus_tcp()
    {
        await using var server = await PyModbusServer.StartTcpAsync();
        await using var client = Clients.To(server.Port, ModbusTransportKind.Tcp, retries: 2, timeoutMs: 3000);
        var ct = CancellationToken.None;

        Assert.Equal(new ushort[] { 1010, 1011, 1012 }, await client.ReadHoldingRegistersAsync(1, 10, 3, ct).WaitAsync(Limit));
        Assert.Equal(new ushort[] { 4005, 4006 }, await client.ReadInputRegistersAsync(2, 5, 2, ct).WaitAsync(Limit));
        Assert.Equal(new[] { false, true, false, true, false }, await client.ReadDiscreteInputsAsync(1, 0, 5, ct).WaitAsync(Limit));

        await client.WriteSingleRegisterAsync(1, 20, 4242, ct).WaitAsync(Limit);
        await client.WriteMultipleRegistersAsync(1, 30, [7, 8, 9], ct).WaitAsync(Limit);
        Assert.Equal(new ushort[] { 4242 }, await client.ReadHoldingRegistersAsync(1, 20, 1, ct).WaitAsync(Limit));
        Assert.Equal(new ushort[] { 7, 8, 9 }, await client.ReadHoldingRegistersAsync(1, 30, 3, ct).WaitAsync(Limit));
        Assert.Equal(new ushort[] { 2020 }, await client.ReadHoldingRegistersAsync(2, 20, 1, ct).WaitAsync(Limit));

        await client.WriteSingleCoilAsync(1, 3, true, ct).WaitAsync(Limit);
        await client.WriteMultipleCoilsAsync(1, 10, [true, false, true], ct).WaitAsync(Limit);
        var coils = await client.ReadCoilsAsync(1, 0, 13, ct).WaitAsync(Limit);
        Assert.True(coils[3]);
        Assert.Equal(new[] { true, false, true }, coils[10..13]);
        Assert.False(coils[4]);

        var identity = await client.ReadDeviceIdentificationAsync(1, DeviceIdCategory.Basic, 0, TimeSpan.Zero, ct).WaitAsync(Limit);
        Assert.Equal("Dream Test", identity.VendorName);
        Assert.Equal("PM-1", identity.ProductCode);
        Assert.Equal("3.0", identity.Revision);

        var e = await Assert.ThrowsAsync<ModbusException>(() => client.ReadHoldingRegistersAsync(1, 5000, 2, ct).WaitAsync(Limit));
        Assert.Equal(ExceptionCode.IllegalDataAddress, e.Code);
    }

    [Fact]
    public async Task Speaking_rtu_to_a_modbus_tcp_server_fails_with_advice()
    {
        await using var server = await PyModbusServer.StartTcpAsync();
        await using var client = Clients.To(server.Port, ModbusTransportKind.RtuOverTcp, retries: 0, timeoutMs: 1000);
        var e = await Assert.ThrowsAnyAsync<Exception>(() => client.ReadHoldingRegistersAsync(1, 0, 2, CancellationToken.None).WaitAsync(Limit));
        Assert.True(e is ModbusTimeoutException or ModbusProtocolException, e.ToString());
        Assert.Contains("tcp://", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_units_over_rtu_on_a_pseudo_terminal()
    {
        await using var pair = await SocatPtyPair.StartAsync();
        await using var server = PyModbusServer.StartRtu(pair.Second);
        var settings = new SerialPortSettings(pair.First) { BaudRate = 9600 };
        await using var client = new ModbusClient(
            _ => ValueTask.FromResult<Stream>(SerialPortStream.Open(settings)),
            new ModbusClientOptions
            {
                Transport = ModbusTransportKind.SerialLine,
                Endpoint = pair.First,
                BaudRate = 9600,
                ResponseTimeout = TimeSpan.FromSeconds(1),
                Retries = 10,
            });
        var ct = CancellationToken.None;

        // The first request may go out before python has opened its end: retries cover the start-up.
        Assert.Equal(new ushort[] { 1000, 1001 }, await client.ReadHoldingRegistersAsync(1, 0, 2, ct).WaitAsync(Limit));
        Assert.Equal(new ushort[] { 4072, 4073, 4074, 4075 }, await client.ReadInputRegistersAsync(2, 72, 4, ct).WaitAsync(Limit));
        await client.WriteMultipleRegistersAsync(2, 40, [1, 2], ct).WaitAsync(Limit);
        Assert.Equal(new ushort[] { 1, 2 }, await client.ReadHoldingRegistersAsync(2, 40, 2, ct).WaitAsync(Limit));
        var e = await Assert.ThrowsAsync<ModbusException>(() => client.ReadInputRegistersAsync(1, 99, 5, ct).WaitAsync(Limit));
        Assert.Equal(ExceptionCode.IllegalDataAddress, e.Code);
    }
}
