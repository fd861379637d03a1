namespace Dream.Testing;

/// <summary>Two connected pseudo-terminals made by socat: bytes written to one arrive at the other, like a null-modem cable.</summary>
public sealed class SocatPtyPair : IAsyncDisposable
{
    private readonly RunningProgram _socat;
    private readonly TemporaryDirectory _directory;

    private SocatPtyPair(RunningProgram socat, TemporaryDirectory directory)
    {
        _socat = socat;
        _directory = directory;
    }

    public string First => _directory.Combine("a");

    public string Second => _directory.Combine("b");

    public static async Task<SocatPtyPair> StartAsync()
    {
        var directory = new TemporaryDirectory();
        var socat = RunningProgram.Start("socat", ["-d", "-d", $"pty,raw,echo=0,link={directory.Combine("a")}", $"pty,raw,echo=0,link={directory.Combine("b")}"]);
        var pair = new SocatPtyPair(socat, directory);
        try
        {
            await socat.WaitForLineAsync("starting data transfer loop", TimeSpan.FromSeconds(20));
        }
        catch
        {
            await pair.DisposeAsync();
            throw;
        }

        return pair;
    }

    public async ValueTask DisposeAsync()
    {
        await _socat.DisposeAsync();
        _directory.Dispose();
    }
}
