using System.Diagnostics;
using System.Text;
using Dream.Testing;

namespace Dream.Ledger.Tests;

/// <summary>The real <c>dream-ledger</c> executable: its output line by line, waits on lines, SIGTERM, exit.</summary>
public sealed class LedgerProcess : IAsyncDisposable
{
    private static readonly string Executable = Path.Combine(AppContext.BaseDirectory, "dream-ledger.dll");
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly List<(string Text, TaskCompletionSource Seen)> _waiters = [];

    private LedgerProcess(Process process)
    {
        _process = process;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string StandardOutput
    {
        get
        {
            lock (_waiters)
            {
                return _stdout.ToString();
            }
        }
    }

    public string StandardError
    {
        get
        {
            lock (_waiters)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Runs <c>dream-ledger run --config <paramref name="configFile"/></c>.</summary>
    public static LedgerProcess Run(string configFile) => Start(Executable, "run", "--config", configFile);

    /// <summary>Runs another of the repository's executables beside the tests (e.g. <c>dream-witness.dll</c>) with <paramref name="arguments"/>.</summary>
    public static LedgerProcess Start(string dll, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])[Path.Combine(AppContext.BaseDirectory, dll), .. arguments])
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info };
        var ledger = new LedgerProcess(process);
        process.OutputDataReceived += (_, e) => ledger.OnLine(ledger._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => ledger.OnLine(ledger._stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return ledger;
    }

    /// <summary>Waits until a line of stdout or stderr contains <paramref name="text"/> (also one already printed).</summary>
    public async Task WaitForLineAsync(string text, TimeSpan? timeout = null)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            if (_stdout.ToString().Contains(text, StringComparison.Ordinal) || _stderr.ToString().Contains(text, StringComparison.Ordinal))
            {
                return;
            }

            _waiters.Add((text, seen));
        }

        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(seen.Task, exited).WaitAsync(timeout ?? TimeSpan.FromSeconds(60));
        if (first == exited && !seen.Task.IsCompleted)
        {
            throw new InvalidOperationException($"dream-ledger exited ({_process.ExitCode}) before printing '{text}':\n{this}");
        }
    }

    /// <summary>Sends SIGTERM, as <c>systemctl stop</c> does.</summary>
    public async Task TerminateAsync()
    {
        var kill = await ExternalProgram.RunAsync("kill", ["-TERM", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        Assert.True(kill.ExitCode == 0, kill.ToString());
    }

    /// <summary>Waits for the exit; kills it and fails the test when it does not come within <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"dream-ledger did not exit within {timeout}:\n{this}");
        }

        // The asynchronous readers deliver the last lines after the exit.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Kill() => _process.Kill(entireProcessTree: true);

    public override string ToString() => $"stdout:\n{StandardOutput}\nstderr:\n{StandardError}";

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void OnLine(StringBuilder into, string? line)
    {
        if (line is null)
        {
            return;
        }

        List<TaskCompletionSource> seen = [];
        lock (_waiters)
        {
            into.AppendLine(line);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (line.Contains(_waiters[i].Text, StringComparison.Ordinal))
                {
                    seen.Add(_waiters[i].Seen);
                    _waiters.RemoveAt(i);
                }
            }
        }

        foreach (var waiter in seen)
        {
            waiter.TrySetResult();
        }
    }
}
