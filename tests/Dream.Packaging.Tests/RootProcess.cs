using System.Diagnostics;
using System.Text;

namespace Dream.Packaging.Tests;

/// <summary>A long-running program of a scratch root (the agent's <c>run</c>), its output kept for the failure message.</summary>
public sealed class RootProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private RootProcess(Process process)
    {
        _process = process;
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public static RootProcess Start(ScratchRoot root, string program, params string[] arguments)
    {
        var (fileName, all) = root.Command(program, arguments);
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in all)
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info };
        var started = new RootProcess(process);
        void OnLine(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is not null)
            {
                lock (started._output)
                {
                    started._output.AppendLine(e.Data);
                }
            }
        }

        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>Ends the program (if it still runs) and returns everything it printed.</summary>
    public async Task<string> StopAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        // Also waits for the end of the redirected output.
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        return Output;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }
}
