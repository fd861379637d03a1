using System.Diagnostics;
using System.Text;

namespace Dream.Testing;

/// <summary>
/// A plain Mosquitto 2 on a fixed free loopback port, anonymous access, generated config in a temp dir. A test
/// can stop it and start it again on the same port (no persistence: a restart forgets everything). For the
/// TLS/ACL features see Dream.Mqtt.Tests.
/// </summary>
public sealed class MosquittoProcess : IAsyncDisposable
{
    private readonly StringBuilder _log = new();
    private readonly TemporaryDirectory _directory = new();
    private Process? _process;

    private readonly string _extraConfig;

    private MosquittoProcess(string extraConfig)
    {
        _extraConfig = extraConfig;
    }

    /// <summary>
    /// The broker's flow-control lines exactly as docs/guide-grid-authority.md ships them (a test keeps the two
    /// equal): the ledger's queue holds minutes of readings at 5,000/s while the ledger is behind or away.
    /// </summary>
    public const string FlowControlSettings = """
        max_queued_messages 2000000
        max_queued_bytes 2147483648
        max_inflight_messages 1000

        """;

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

    /// <summary>Starts a broker; <paramref name="extraConfig"/> lines come after the defaults and override them.</summary>
    public static async Task<MosquittoProcess> StartAsync(string extraConfig = "")
    {
        var broker = new MosquittoProcess(extraConfig);
        await broker.StartAgainAsync();
        return broker;
    }

    /// <summary>Starts the broker (again) on <see cref="Port"/> and waits until it says it is running.</summary>
    public async Task StartAgainAsync()
    {
        var config = _directory.Combine("mosquitto.conf");
        var runAsRoot = Environment.UserName == "root" ? "user root" : string.Empty;
        await File.WriteAllTextAsync(config, $"""
            allow_anonymous true
            persistence false
            {FlowControlSettings}
            log_dest stderr
            log_type error
            log_type warning
            log_type notice
            log_type information
            {runAsRoot}
            {_extraConfig}
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

    /// <summary>Kills the broker (as a crash would); <see cref="StartAgainAsync"/> brings it back.</summary>
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
