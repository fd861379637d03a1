using System.Security.Cryptography;
using System.Text;

namespace Dream.Crypto;

/// <summary>
/// Secret key files: PKCS#8 PEM ("BEGIN PRIVATE KEY", RFC 8410), readable by openssl, mode 0600.
/// A file that its group or others can read is refused, as ssh refuses such a key.
/// </summary>
public static class KeyFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode GroupOrOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Writes the key to <paramref name="path"/> with mode 0600. Never overwrites an existing key.</summary>
    public static void Write(string path, Ed25519PrivateKey key)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(key);
        if (File.Exists(path))
        {
            throw new IOException($"Refusing to overwrite the existing key file '{path}'.");
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");

        Span<byte> seed = stackalloc byte[Ed25519.SeedSize];
        char[]? pem = null;
        byte[]? bytes = null;
        try
        {
            key.ExportSeed(seed);
            pem = Pkcs.PrivateKeyToPem(seed);
            bytes = Encoding.ASCII.GetBytes(pem);
            // Created 0600 from the first byte: never briefly readable by others.
            var options = new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = OwnerOnly,
            };
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(bytes);
                stream.WriteByte((byte)'\n');
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
            if (pem is not null)
            {
                Array.Clear(pem);
            }

            if (bytes is not null)
            {
                CryptographicOperations.ZeroMemory(bytes);
            }

            File.Delete(temporary);
        }
    }

    /// <summary>Reads a key file, refusing one whose mode lets the group or others in.</summary>
    public static Ed25519PrivateKey Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The key file '{path}' does not exist.", path);
        }

        var mode = File.GetUnixFileMode(path);
        if ((mode & GroupOrOthers) != 0)
        {
            throw new InsecureKeyFileException(
                $"The key file '{path}' has mode {ToOctal(mode)}, which lets its group or others read or change it. " +
                $"Run 'chmod 600 {path}' if the key was never exposed; otherwise make a new key.");
        }

        var text = File.ReadAllText(path, Encoding.ASCII);
        byte[]? der = null;
        try
        {
            if (!PemEncoding.TryFind(text, out var fields) || text[fields.Label] != Pkcs.PrivateKeyLabel)
            {
                throw new KeyFileFormatException($"The key file '{path}' is not a PEM \"{Pkcs.PrivateKeyLabel}\".");
            }

            der = Convert.FromBase64String(text[fields.Base64Data]);
            if (der.Length != Pkcs.PrivateKeyPrefix.Length + Ed25519.SeedSize || !der.AsSpan(0, Pkcs.PrivateKeyPrefix.Length).SequenceEqual(Pkcs.PrivateKeyPrefix))
            {
                throw new KeyFileFormatException($"The key file '{path}' does not hold an Ed25519 private key (PKCS#8, RFC 8410).");
            }

            return Ed25519PrivateKey.FromSeed(der.AsSpan(Pkcs.PrivateKeyPrefix.Length));
        }
        catch (FormatException e) when (e is not KeyFileFormatException)
        {
            throw new KeyFileFormatException($"The key file '{path}' has malformed base64: {e.Message}", e);
        }
        finally
        {
            if (der is not null)
            {
                CryptographicOperations.ZeroMemory(der);
            }
        }
    }

    private static string ToOctal(UnixFileMode mode) => Convert.ToString((int)mode & 0x1FF, 8).PadLeft(4, '0');
}
