using System.Net;
using Dream.Modbus;
using Dream.Modbus.Server;

namespace Dream.Edge.Tests.Ports;

/// <summary>A Modbus TCP meter (float32 kWh registers, converted exactly) against Dream.Modbus's server as the device.</summary>
#pragma warning disable CA1001 // xunit disposes through IAsyncLifetime.DisposeAsync
public sealed class ModbusMeterContractTests : MeterContract
{
    private readonly SimulatedRegisters _registers = new();
    private ModbusTcpServer _server = null!;
    private bool _vanished;

    protected override (long ImportWh, long ExportWh) Registers => (12_345_500, 2_250);

    public override Task InitializeAsync()
    {
        _server = new ModbusTcpServer(new IPEndPoint(IPAddress.Loopback, 0), ModbusFraming.Tcp, _registers);
        _server.Start();
        return Task.CompletedTask;
    }

    public override async Task DisposeAsync()
    {
        if (!_vanished)
        {
            await _server.DisposeAsync();
        }
    }

    protected override Task<IMeter> CreateAsync() =>
        // The test meter needs no context (no clock, no store): it only reads registers.
        Task.FromResult(new ModbusTestMeter.Factory(_server.LocalEndPoint.Port).Create(
            new MeterOptions { Id = "main", Uri = new Uri("tcp://127.0.0.1:" + _server.LocalEndPoint.Port), Profile = "test", PassportId = new('b', 64) }, null!));

    protected override Task SetRegistersAsync()
    {
        _registers.Set(12_345.5f, 2.25f, 750);
        return Task.CompletedTask;
    }

    protected override async Task SourceVanishesAsync()
    {
        _vanished = true;
        await _server.DisposeAsync();
    }
}
