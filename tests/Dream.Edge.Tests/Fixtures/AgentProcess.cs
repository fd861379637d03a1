using System.Diagnostics;
using System.Text;

namespace Dream.Edge.Tests.Fixtures;

/// <summary>The real dream-agent executable (built beside this test project) as a child process.</summary>
public sealed class AgentProcess : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private readonly Process _process;

    private AgentProcess(Process process)
    {
        _process = process;
    }

    public static string Executable
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Dream.sln")))
            {
                directory = directory.Parent;
            }

            var configuration = AppContext.BaseDirectory.Contains("/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";
            return Path.Combine(directory?.FullName ?? throw new InvalidOperationException("Dream.sln not found above the test binaries."),
                "edge-agent", "Dream.Agent", "bin", configuration, "net10.0", "dream-agent");
        }
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

    public static AgentProcess Start(params string[] arguments)
    {
        var info = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info };
        var agent = new AgentProcess(process);
        void OnLine(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is not null)
            {
                lock (agent._output)
                {
                    agent._output.AppendLine(e.Data);
                }
            }
        }

        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return agent;
    }

    /// <summary>SIGKILL: no cleanup, no goodbye, exactly like a power cut for the process.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
    }

    public async Task<int> WaitForExitAsync()
    {
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}
