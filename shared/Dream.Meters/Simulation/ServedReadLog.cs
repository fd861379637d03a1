using System.Globalization;

namespace Dream.Meters.Simulation;

/// <summary>
/// <c>simulate-meter --read-log FILE</c>: one line per read answered, <c>simulated-unix-ms import-Wh export-Wh</c>
/// (<see cref="ServedRead"/>), flushed as it is written, so whoever compares the registers an agent logged with the
/// model can tell the moment of the model they came from, however late the agent read them. Bounded: after
/// <see cref="MaxLines"/> reads one line starting with <c>#</c> says the log stopped (a write error stops it too, on
/// standard error); the meter answers on either way.
/// </summary>
public sealed class ServedReadLog : IDisposable
{
    public const int MaxLines = 1_000_000;

    private readonly Lock _lock = new();
    private readonly StreamWriter _writer;
    private int _lines;
    private bool _disposed;

    public ServedReadLog(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _writer = new StreamWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
    }

    public void Write(ServedRead read)
    {
        lock (_lock)
        {
            if (_disposed || _lines > MaxLines)
            {
                return;
            }

            _lines++;
            try
            {
                _writer.WriteLine(_lines > MaxLines
                    ? $"# stopped after {MaxLines} reads"
                    : string.Create(CultureInfo.InvariantCulture, $"{read.SimulatedTime.ToUnixTimeMilliseconds()} {read.ImportWh:R} {read.ExportWh:R}"));
            }
            catch (IOException e)
            {
                // The meter keeps answering; only its log ends, and says so where the simulator's output goes.
                _lines = MaxLines + 1;
                Console.Error.WriteLine($"The read log stopped: {e.Message}");
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (!_disposed)
            {
                _disposed = true;
                _writer.Dispose();
            }
        }
    }
}
