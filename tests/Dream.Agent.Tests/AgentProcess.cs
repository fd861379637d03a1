using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using Dream.Meters.Tests;

namespace Dream.Agent.Tests;

/// <summary>dream-agent run as a child process; its output lines arrive on a channel.</summary>
public sealed class AgentProcess : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource _stdoutDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrDone = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public AgentProcess(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["NO_COLOR"] = "1";
        info.Environment["COLUMNS"] = "200";
        info.ArgumentList.Add(DllPath);
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        _process = new Process { StartInfo = info };
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                _stdoutDone.TrySetResult();
                _lines.Writer.TryComplete();
                return;
            }

            lock (_stdout)
            {
                _stdout.AppendLine(e.Data);
            }

            _lines.Writer.TryWrite(e.Data);
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                _stderrDone.TrySetResult();
                return;
            }

            lock (_stderr)
            {
                _stderr.AppendLine(e.Data);
            }
        };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static string DllPath { get; } = FindDll();

    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public static async Task<(int Code, string Out, string Error)> RunAsync(params string[] arguments)
    {
        using var agent = new AgentProcess(arguments);
        return await agent.WaitForExitAsync();
    }

    public async Task<string> NextLineAsync()
    {
        try
        {
            return await _lines.Reader.ReadAsync().AsTask().WaitAsync(Limit);
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"dream-agent exited: {StandardError}");
        }
    }

    public async Task<(int Code, string Out, string Error)> WaitForExitAsync()
    {
        await _process.WaitForExitAsync().WaitAsync(Limit);
        await Task.WhenAll(_stdoutDone.Task, _stderrDone.Task).WaitAsync(Limit);
        lock (_stdout)
        {
            return (_process.ExitCode, _stdout.ToString(), StandardError);
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }

    private static string FindDll()
    {
        // tests/Dream.Agent.Tests/bin/<Configuration>/net10.0/ -> edge-agent/Dream.Agent/bin/<Configuration>/net10.0/
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var path = Path.Combine(Repository.Root, "edge-agent", "Dream.Agent", "bin", configuration, "net10.0", "dream-agent.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build edge-agent/Dream.Agent first.", path);
    }
}
