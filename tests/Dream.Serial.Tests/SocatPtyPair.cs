using System.Diagnostics;

namespace Dream.Serial.Tests;

/// <summary>Two connected pseudo-terminals made by socat: bytes written to one arrive at the other, like a null-modem cable.</summary>
public sealed class SocatPtyPair : IDisposable
{
    private readonly Process _socat;
    private readonly string _directory;

    private SocatPtyPair(Process socat, string directory)
    {
        _socat = socat;
        _directory = directory;
    }

    public string First => Path.Combine(_directory, "a");

    public string Second => Path.Combine(_directory, "b");

    public static async Task<SocatPtyPair> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("dream-pty-").FullName;
        var info = new ProcessStartInfo("socat")
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-d", "-d", $"pty,raw,echo=0,link={directory}/a", $"pty,raw,echo=0,link={directory}/b" })
        {
            info.ArgumentList.Add(argument);
        }

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var socat = new Process { StartInfo = info };
        socat.ErrorDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("starting data transfer loop", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        socat.Start();
        socat.BeginErrorReadLine();
        var pair = new SocatPtyPair(socat, directory);
        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(20));
        }
        catch
        {
            pair.Dispose();
            throw;
        }

        return pair;
    }

    public void Dispose()
    {
        try
        {
            _socat.Kill();
            _socat.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }

        _socat.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
