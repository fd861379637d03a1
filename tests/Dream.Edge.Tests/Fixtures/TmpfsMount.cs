using Dream.Testing;

namespace Dream.Edge.Tests.Fixtures;

/// <summary>A small tmpfs mounted for one test (needs root, as CI runs): a disk that can really be filled to the brim.</summary>
public sealed class TmpfsMount : IAsyncDisposable
{
    private readonly TemporaryDirectory _directory = new();

    private TmpfsMount()
    {
    }

    public string Path => _directory.Path;

    public static async Task<TmpfsMount> MountAsync(string size)
    {
        var mount = new TmpfsMount();
        var result = await ExternalProgram.RunAsync("mount", ["-t", "tmpfs", "-o", "size=" + size, "tmpfs", mount.Path]);
        if (result.ExitCode != 0)
        {
            mount._directory.Dispose();
            throw new InvalidOperationException($"mount -t tmpfs failed (the full-disk tests need root): {result}");
        }

        return mount;
    }

    /// <summary>Writes a filler file until the file system is full; returns its path.</summary>
    public string Fill()
    {
        var filler = System.IO.Path.Combine(Path, "filler");
        var chunk = new byte[4096];
        using var file = new FileStream(filler, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1);
        try
        {
            while (true)
            {
                file.Write(chunk);
            }
        }
        catch (IOException)
        {
            // No space left on device: the point.
        }

        return filler;
    }

    public async ValueTask DisposeAsync()
    {
        await ExternalProgram.RunAsync("umount", ["-l", Path]);
        _directory.Dispose();
    }
}
