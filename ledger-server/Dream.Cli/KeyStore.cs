using Dream.Crypto;

namespace Dream.Cli;

/// <summary>The participant's key: <c>$XDG_CONFIG_HOME/dream/key</c> (or <c>~/.config/dream/key</c>), mode 0600.</summary>
public static class KeyStore
{
    public static string DefaultPath()
    {
        var config = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        if (string.IsNullOrEmpty(config))
        {
            config = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        }

        return Path.Combine(config, "dream", "key");
    }

    public static Ed25519PrivateKey Create(string path, bool force)
    {
        if (File.Exists(path) && !force)
        {
            throw new CliException($"{path} already holds a key; refusing to overwrite it (--force replaces it, and the old identity is lost).");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        if (File.Exists(path))
        {
            File.Delete(path);
        }

        var key = Ed25519PrivateKey.Generate();
        KeyFile.Write(path, key);
        return key;
    }

    public static Ed25519PrivateKey Load(string path) => File.Exists(path)
        ? KeyFile.Read(path)
        : throw new CliException($"No key at {path}; create one with `dream key new`.");
}
