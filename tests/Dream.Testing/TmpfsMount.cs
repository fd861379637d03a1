namespace Dream.Testing;

/// <summary>
/// A small tmpfs mounted on a fresh directory, to fill a file system to the brim and free it again. Needs
/// root (CI runs as root); when mounting fails the test fails with the reason, it never passes without a
/// full disk.
/// </summary>
public sealed class TmpfsMount : IDisposable
{
    private readonly TemporaryDirectory _directory;
    private readonly List<string> _fillers = [];

    private TmpfsMount(TemporaryDirectory directory)
    {
        _directory = directory;
        Path = directory.Combine("mnt");
    }

    /// <summary>The mount point.</summary>
    public string Path { get; }

    public static async Task<TmpfsMount> MountAsync(int megabytes)
    {
        var mount = new TmpfsMount(new TemporaryDirectory());
        Directory.CreateDirectory(mount.Path);
        var result = await ExternalProgram.RunAsync("mount", ["-t", "tmpfs", "-o", $"size={megabytes}m", "tmpfs", mount.Path]);
        if (result.ExitCode != 0)
        {
            mount._directory.Dispose();
            throw new InvalidOperationException($"mount -t tmpfs failed; this test needs root (CI runs as root): {result}");
        }

        return mount;
    }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Writes a filler file until the file system refuses one more byte (ENOSPC); returns the bytes written.</summary>
    public long Fill()
    {
        var file = Combine($"filler-{_fillers.Count}");
        _fillers.Add(file);
        long written = 0;
        using var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 0);
        foreach (var chunk in new[] { 1 << 20, 1 << 16, 1 << 12, 1 })
        {
            var bytes = new byte[chunk];
            while (true)
            {
                try
                {
                    stream.Write(bytes);
                    written += chunk;
                }
                catch (IOException)
                {
                    // The last write may have been partial; the file system is full at this chunk size.
                    written = stream.Length;
                    break;
                }
            }
        }

        return written;
    }

    /// <summary>Deletes what <see cref="Fill"/> wrote.</summary>
    public void Free()
    {
        foreach (var file in _fillers)
        {
            File.Delete(file);
        }

        _fillers.Clear();
    }

    public void Dispose()
    {
        // Lazy: a process that still holds a file open (a ledger being killed) must not keep the mount.
        ExternalProgram.RunAsync("umount", ["-l", Path]).GetAwaiter().GetResult();

        _directory.Dispose();
    }
}
