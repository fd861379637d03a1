using System.Globalization;
using Dream.Testing;

namespace Dream.Modbus.Tests;

/// <summary>pymodbus (Debian's python3-pymodbus, run by /usr/bin/python3) as an independent Modbus server.</summary>
public sealed class PyModbusServer : IAsyncDisposable
{
    private readonly RunningProgram _process;

    private PyModbusServer(RunningProgram process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public static async Task<PyModbusServer> StartTcpAsync()
    {
        var port = FreePort.Next();
        var server = new PyModbusServer(Start("tcp", port.ToString(CultureInfo.InvariantCulture)), port);
        try
        {
            await server._process.WaitUntilListeningAsync(port);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Starts the RTU server on a serial device; the caller waits for its first answer.</summary>
    public static PyModbusServer StartRtu(string device) => new(Start("rtu", device), 0);

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private static RunningProgram Start(string mode, string where) =>
        RunningProgram.Start("/usr/bin/python3", [Path.Combine(AppContext.BaseDirectory, "Peers", "pymodbus_server.py"), mode, where]);
}
