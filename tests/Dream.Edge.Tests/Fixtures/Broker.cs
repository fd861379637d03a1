using System.Diagnostics;
using System.Text;
using Dream.Testing;

namespace Dream.Edge.Tests.Fixtures;

/// <summary>A real Mosquitto on a fixed free loopback port that a test can stop and start again (no persistence: a restart forgets everything).</summary>
public sealed class Broker : IAsyncDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly StringBuilder _log = new();
    private Process? _process;

    private Broker()
    {
    }

    public int Port { get; } = FreePort.Next();

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static async Task<Broker> StartAsync()
    {
        var broker = new Broker();
        await broker.StartAgainAsync();
        return broker;
    }

    public async Task StartAgainAsync()
    {
        var config = _directory.Combine("mosquitto.conf");
        var runAsRoot = Environment.UserName == "root" ? "user root" : string.Empty;
        await File.WriteAllTextAsync(config, $"""
            allow_anonymous true
            persistence false
            max_queued_messages 100000
            log_dest stderr
            log_type error
            log_type warning
            log_type notice
            log_type information
            {runAsRoot}
            listener {Port} 127.0.0.1

            """);
        var info = new ProcessStartInfo("mosquitto") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(config);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = info };
        void OnLine(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            lock (_log)
            {
                _log.AppendLine(e.Data);
            }

            if (e.Data.Contains(" running", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        }

        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        _process = process;
        var exited = process.WaitForExitAsync();
        if (await Task.WhenAny(ready.Task, exited).WaitAsync(TimeSpan.FromSeconds(20)) == exited)
        {
            throw new InvalidOperationException($"mosquitto exited with {process.ExitCode}:\n{Log}");
        }
    }

    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        _process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _directory.Dispose();
    }
}
