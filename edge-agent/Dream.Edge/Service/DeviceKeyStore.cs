using Dream.Crypto;

namespace Dream.Edge.Service;

/// <summary>The gateway's device key: <c>device.key</c> (PKCS#8 PEM, 0600) in the data directory.</summary>
public static class DeviceKeyStore
{
    public const string FileName = "device.key";

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, FileName);

    /// <summary>Creates the key if there is none; returns it and whether it was created now.</summary>
    public static (Ed25519PrivateKey Key, bool Created) CreateOrLoad(string dataDirectory)
    {
        var path = PathIn(dataDirectory);
        if (File.Exists(path))
        {
            return (KeyFile.Read(path), false);
        }

        Directory.CreateDirectory(dataDirectory);
        var key = Ed25519PrivateKey.Generate();
        KeyFile.Write(path, key);
        return (key, true);
    }

    public static Ed25519PrivateKey Load(string dataDirectory)
    {
        var path = PathIn(dataDirectory);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"There is no device key at {path}; create it with `dream-agent init --data-dir {dataDirectory}`.", path);
        }

        return KeyFile.Read(path);
    }
}
