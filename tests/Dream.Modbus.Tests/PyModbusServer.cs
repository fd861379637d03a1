namespace Dream.Modbus.Tests;

/// <summary>pymodbus (Debian's python3-pymodbus) as an independent Modbus server (Peers/pymodbus_server.py).</summary>
public static class PyModbusServer
{
    public static Task<PythonPeer> StartTcpAsync() => PythonPeer.StartTcpAsync("pymodbus_server.py", port => ["tcp", port]);

    /// <summary>Starts the RTU server on a serial device; the caller waits for its first answer.</summary>
    public static PythonPeer StartRtu(string device) => PythonPeer.Start("pymodbus_server.py", "rtu", device);
}
