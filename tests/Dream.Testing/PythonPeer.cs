namespace Dream.Testing;

/// <summary>
/// An independent peer written in Python: a script of a Peers/ folder copied beside the tests, run by Debian's
/// /usr/bin/python3 (not whatever python3 is first on PATH), as a <see cref="RunningProgram"/>.
/// </summary>
public sealed class PythonPeer : IAsyncDisposable
{
    private readonly RunningProgram _process;

    private PythonPeer(RunningProgram process, int port)
    {
        _process = process;
        Port = port;
    }

    /// <summary>The loopback port it serves on (<see cref="StartTcpAsync"/>); 0 otherwise.</summary>
    public int Port { get; }

    public static PythonPeer Start(string script, params string[] arguments) => new(Run(script, arguments), 0);

    /// <summary>Starts <paramref name="script"/> with the arguments made for a free port, and waits until it listens there.</summary>
    public static async Task<PythonPeer> StartTcpAsync(string script, Func<string, string[]> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var port = FreePort.Next();
        var peer = new PythonPeer(Run(script, arguments(port.ToString(CultureInfo.InvariantCulture))), port);
        try
        {
            await peer._process.WaitUntilListeningAsync(port);
            return peer;
        }
        catch
        {
            await peer.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private static RunningProgram Run(string script, string[] arguments) =>
        RunningProgram.Start("/usr/bin/python3", [Path.Combine(AppContext.BaseDirectory, "Peers", script), .. arguments]);
}
