using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Dream.Processes;

namespace Dream.Testing;

/// <summary>
/// A long-running peer or product executable (mosquitto, socat, pymodbus, dream-agent, dream-ledger) as a child
/// process: its output kept line by line, waits on lines with a timeout, SIGTERM or SIGKILL, and its exit. Short
/// commands that run to completion go through <see cref="ExternalProgram.RunAsync"/>.
/// </summary>
public sealed class RunningProgram : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly Process _process;
    private readonly string _name;
    private readonly List<string> _lines = [];
    private readonly List<string> _stdoutLines = [];
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _nextStdoutLine;

    private RunningProgram(Process process, string name)
    {
        _process = process;
        _name = name;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string StandardOutput => Read(_stdout);

    public string StandardError => Read(_stderr);

    /// <summary>Standard output and error interleaved as the lines arrived.</summary>
    public string Output => Read(_output);

    public static RunningProgram Start(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = ProgramStart.Info(fileName, arguments, environment);
        var program = new RunningProgram(new Process { StartInfo = info }, $"{Path.GetFileName(fileName)} {string.Join(' ', info.ArgumentList)}");
        program._process.OutputDataReceived += (_, e) => program.OnLine(e.Data, stdout: true);
        program._process.ErrorDataReceived += (_, e) => program.OnLine(e.Data, stdout: false);
        program._process.Start();
        program._process.BeginOutputReadLine();
        program._process.BeginErrorReadLine();
        return program;
    }

    /// <summary>Waits until a line of stdout or stderr contains <paramref name="text"/> (also one already printed).</summary>
    public Task WaitForLineAsync(string text, TimeSpan? timeout = null) =>
        WaitForLineAsync(line => line.Contains(text, StringComparison.Ordinal), $"'{text}'", timeout);

    /// <summary>Waits until a line of stdout or stderr matches; fails with the output when the program exits first.</summary>
    public async Task WaitForLineAsync(Func<string, bool> match, string description, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(match);
        var seen = 0;
        await WaitAsync(() =>
        {
            lock (_lock)
            {
                for (; seen < _lines.Count; seen++)
                {
                    if (match(_lines[seen]))
                    {
                        return true;
                    }
                }

                return false;
            }
        }, $"a line with {description}", timeout);
    }

    /// <summary>Waits until the program accepts TCP connections on loopback <paramref name="port"/> (a server still starting refuses them).</summary>
    public async Task WaitUntilListeningAsync(int port, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            if (HasExited)
            {
                throw new InvalidOperationException($"{_name} exited ({_process.ExitCode}) before listening on port {port}:\n{this}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port, deadline.Token);
                return;
            }
            catch (SocketException)
            {
                // Not listening yet (python is still importing): the kernel gives no event to wait on.
                await Task.Delay(50, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{_name} did not listen on port {port} in time:\n{this}");
            }
        }
    }

    /// <summary>The next line of standard output not yet returned by this method.</summary>
    public async Task<string> NextStandardOutputLineAsync(TimeSpan? timeout = null)
    {
        string? line = null;
        await WaitAsync(() =>
        {
            lock (_lock)
            {
                if (_nextStdoutLine < _stdoutLines.Count)
                {
                    line = _stdoutLines[_nextStdoutLine++];
                    return true;
                }

                return false;
            }
        }, "another line of output", timeout);
        return line!;
    }

    /// <summary>Sends SIGTERM, as <c>systemctl stop</c> does.</summary>
    public async Task TerminateAsync()
    {
        var kill = await ExternalProgram.RunAsync("kill", ["-TERM", Id.ToString(CultureInfo.InvariantCulture)]);
        if (kill.ExitCode != 0 && !HasExited)
        {
            throw new InvalidOperationException($"kill -TERM {Id} failed: {kill}");
        }
    }

    /// <summary>SIGKILL to the whole process tree (no cleanup, like a power cut), then waits for the exit.</summary>
    public async Task KillAsync()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }

        await WaitForExitAsync(TimeSpan.FromSeconds(20));
    }

    /// <summary>Waits for the exit and the last lines of output; kills the program and throws when it does not come in time.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await Task.WhenAll(_process.WaitForExitAsync(), _stdoutClosed.Task, _stderrClosed.Task).WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{_name} did not exit within {timeout.TotalSeconds:0} s:\n{this}");
        }

        return _process.ExitCode;
    }

    public override string ToString() => $"stdout:\n{StandardOutput}\nstderr:\n{StandardError}";

    public async ValueTask DisposeAsync()
    {
        if (!HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    private async Task WaitAsync(Func<bool> done, string what, TimeSpan? timeout)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        var exited = Task.WhenAll(_process.WaitForExitAsync(CancellationToken.None), _stdoutClosed.Task, _stderrClosed.Task);
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                changed = _changed.Task;
            }

            if (done())
            {
                return;
            }

            if (exited.IsCompleted)
            {
                throw new InvalidOperationException($"{_name} exited ({_process.ExitCode}) before printing {what}:\n{this}");
            }

            try
            {
                await Task.WhenAny(changed, exited).WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{_name} did not print {what} within {(timeout ?? TimeSpan.FromSeconds(60)).TotalSeconds:0} s:\n{this}");
            }
        }
    }

    private void OnLine(string? line, bool stdout)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            if (line is null)
            {
                (stdout ? _stdoutClosed : _stderrClosed).TrySetResult();
            }
            else
            {
                (stdout ? _stdout : _stderr).AppendLine(line);
                _output.AppendLine(line);
                _lines.Add(line);
                if (stdout)
                {
                    _stdoutLines.Add(line);
                }
            }

            changed = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    private string Read(StringBuilder text)
    {
        lock (_lock)
        {
            return text.ToString();
        }
    }
}
