using System.Globalization;

namespace Dream.Testing;

/// <summary>
/// Meter registers served by pymodbus (Debian's python3-pymodbus, run by /usr/bin/python3) over Modbus TCP:
/// an independent server whose values Python's struct packs (Peers/meter_registers.py describes the spec).
/// </summary>
public sealed class PyModbusMeter : IAsyncDisposable
{
    private readonly RunningProgram _process;

    private PyModbusMeter(RunningProgram process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <param name="spec">JSON: {"1": {"hr": [[20480, "uint64", 201]], "ir": [[72, "float32", 16.06]]}}.</param>
    public static async Task<PyModbusMeter> StartAsync(string spec)
    {
        var port = FreePort.Next();
        var meter = new PyModbusMeter(
            RunningProgram.Start("/usr/bin/python3", [Path.Combine(AppContext.BaseDirectory, "Peers", "meter_registers.py"), port.ToString(CultureInfo.InvariantCulture), spec]),
            port);
        try
        {
            await meter._process.WaitUntilListeningAsync(port);
            return meter;
        }
        catch
        {
            await meter.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
