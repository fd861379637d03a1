namespace Dream.Demo.Processes;

/// <summary>
/// Configs that carry secrets (MQTT passwords inline) are written 0600, also over a file a previous run left with
/// another mode; the umask alone would not change an existing file's mode.
/// </summary>
internal static class PrivateFile
{
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public static async Task WriteAllTextAsync(string path, string text, CancellationToken cancellationToken)
    {
        await File.WriteAllTextAsync(path, text, cancellationToken);
        File.SetUnixFileMode(path, FileMode);
    }

    /// <summary>Creates the directory 0700, or makes an existing one 0700.</summary>
    public static void CreateDirectory(string path)
    {
        Directory.CreateDirectory(path, DirectoryMode);
        File.SetUnixFileMode(path, DirectoryMode);
    }
}
