using System.Diagnostics;
using System.Text;

namespace Dream.Testing;

/// <summary>
/// A plain Mosquitto 2 on a free loopback port, anonymous access, generated config in a temp dir. For
/// tests that need a real broker but not its TLS/ACL features (see Dream.Mqtt.Tests for those).
/// </summary>
public sealed class MosquittoProcess : IAsyncDisposable
{
    private readonly StringBuilder _log = new();
    private readonly TemporaryDirectory _directory = new();
    private Process? _process;

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

    public static async Task<MosquittoProcess> StartAsync()
    {
        var broker = new MosquittoProcess();
        var config = broker._directory.Combine("mosquitto.conf");
        var runAsRoot = Environment.UserName == "root" ? "user root" : string.Empty;
        await File.WriteAllTextAsync(config, $"""
            allow_anonymous true
            persistence false
            max_queued_messages 1000000
            max_inflight_messages 0
            log_dest stderr
            log_type error
            log_type warning
            log_type notice
            log_type information
            {runAsRoot}
            listener {broker.Port} 127.0.0.1

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

            lock (broker._log)
            {
                broker._log.AppendLine(e.Data);
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
        broker._process = process;
        var exited = process.WaitForExitAsync();
        if (await Task.WhenAny(ready.Task, exited).WaitAsync(TimeSpan.FromSeconds(20)) == exited)
        {
            throw new InvalidOperationException($"mosquitto exited with {process.ExitCode}:\n{broker.Log}");
        }

        return broker;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
            _process.Dispose();
        }

        _directory.Dispose();
    }
}
