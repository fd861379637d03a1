using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Dream.Testing;

/// <summary>
/// Meter registers served by pymodbus (Debian's python3-pymodbus, run by /usr/bin/python3) over Modbus TCP:
/// an independent server whose values Python's struct packs (Peers/meter_registers.py describes the spec).
/// </summary>
public sealed class PyModbusMeter : IDisposable
{
    private readonly Process _process;

    private PyModbusMeter(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <param name="spec">JSON: {"1": {"hr": [[20480, "uint64", 201]], "ir": [[72, "float32", 16.06]]}}.</param>
    public static async Task<PyModbusMeter> StartAsync(string spec)
    {
        var port = FreePort.Next();
        var info = new ProcessStartInfo("/usr/bin/python3") { UseShellExecute = false, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Peers", "meter_registers.py"));
        info.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        info.ArgumentList.Add(spec);
        var process = Process.Start(info)!;
        var errors = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        var meter = new PyModbusMeter(process, port);
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (true)
            {
                if (process.HasExited)
                {
                    lock (errors)
                    {
                        throw new InvalidOperationException($"pymodbus exited with {process.ExitCode}: {errors}");
                    }
                }

                try
                {
                    using var probe = new TcpClient();
                    await probe.ConnectAsync(IPAddress.Loopback, port, deadline.Token);
                    return meter;
                }
                catch (SocketException)
                {
                    // Not listening yet: python is still importing.
                    await Task.Delay(50, deadline.Token);
                }
            }
        }
        catch
        {
            meter.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }
}
