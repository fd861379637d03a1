namespace Dream.Testing;

/// <summary>
/// Meter registers served by pymodbus (Debian's python3-pymodbus) over Modbus TCP: an independent server whose
/// values Python's struct packs (Peers/meter_registers.py describes the spec).
/// </summary>
public static class PyModbusMeter
{
    /// <param name="spec">JSON: {"1": {"hr": [[20480, "uint64", 201]], "ir": [[72, "float32", 16.06]]}}.</param>
    public static Task<PythonPeer> StartAsync(string spec) => PythonPeer.StartTcpAsync("meter_registers.py", port => [port, spec]);
}
