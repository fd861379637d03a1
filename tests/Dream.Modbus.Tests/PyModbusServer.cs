using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Dream.Modbus.Tests;

/// <summary>pymodbus (Debian's python3-pymodbus, run by /usr/bin/python3) as an independent Modbus server.</summary>
public sealed class PyModbusServer : IDisposable
{
    private readonly Process _process;

    private PyModbusServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public static async Task<PyModbusServer> StartTcpAsync()
    {
        var port = FreePort();
        var server = new PyModbusServer(Start("tcp", port.ToString(System.Globalization.CultureInfo.InvariantCulture)), port);
        try
        {
            await WaitUntilListeningAsync(port, server._process);
        }
        catch
        {
            server.Dispose();
            throw;
        }

        return server;
    }

    /// <summary>Starts the RTU server on a serial device; the caller waits for its first answer.</summary>
    public static PyModbusServer StartRtu(string device) => new(Start("rtu", device), 0);

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

    private static Process Start(string mode, string where)
    {
        var info = new ProcessStartInfo("/usr/bin/python3") { UseShellExecute = false, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Peers", "pymodbus_server.py"));
        info.ArgumentList.Add(mode);
        info.ArgumentList.Add(where);
        var process = Process.Start(info)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        return process;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitUntilListeningAsync(int port, Process process)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"pymodbus exited with {process.ExitCode}.");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port, deadline.Token);
                return;
            }
            catch (SocketException)
            {
                // Not listening yet: python is still importing.
                await Task.Delay(50, deadline.Token);
            }
        }
    }
}
