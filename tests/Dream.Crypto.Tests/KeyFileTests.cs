using System.Text;
using Dream.Testing;

namespace Dream.Crypto.Tests;

public sealed class KeyFileTests : IDisposable
{
    private readonly TemporaryDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_written_key_is_mode_0600_and_reads_back_as_the_same_key()
    {
        var path = _dir.Combine("keys", "device.key");
        using var key = Ed25519PrivateKey.Generate();

        KeyFile.Write(path, key);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        using var loaded = KeyFile.Read(path);
        Assert.Equal(key.PublicKey, loaded.PublicKey);
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Theory]
    [InlineData(UnixFileMode.GroupRead)]
    [InlineData(UnixFileMode.OtherRead)]
    [InlineData(UnixFileMode.GroupWrite)]
    public void A_key_file_others_can_reach_is_refused(UnixFileMode extra)
    {
        var path = _dir.Combine("device.key");
        using var key = Ed25519PrivateKey.Generate();
        KeyFile.Write(path, key);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | extra);

        var error = Assert.Throws<InsecureKeyFileException>(() => KeyFile.Read(path));
        Assert.Contains("chmod 600", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_existing_key_is_never_overwritten()
    {
        var path = _dir.Combine("device.key");
        using var first = Ed25519PrivateKey.Generate();
        using var second = Ed25519PrivateKey.Generate();
        KeyFile.Write(path, first);

        Assert.Throws<IOException>(() => KeyFile.Write(path, second));
        using var loaded = KeyFile.Read(path);
        Assert.Equal(first.PublicKey, loaded.PublicKey);
    }

    [Fact]
    public void A_file_that_is_not_an_ed25519_pkcs8_key_is_refused()
    {
        var path = _dir.Combine("bad.key");
        File.WriteAllText(path, "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VuBCIEIA==\n-----END PRIVATE KEY-----\n", Encoding.ASCII);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        Assert.Throws<KeyFileFormatException>(() => KeyFile.Read(path));
    }

    [Fact]
    public async Task Openssl_reads_our_key_file_and_signs_what_we_verify()
    {
        var path = _dir.Combine("device.key");
        using var key = Ed25519PrivateKey.Generate();
        KeyFile.Write(path, key);
        var messagePath = _dir.Combine("message.bin");
        var message = "a reading"u8.ToArray();
        await File.WriteAllBytesAsync(messagePath, message);
        var signaturePath = _dir.Combine("message.sig");

        var pub = await ExternalProgram.RunAsync("openssl", ["pkey", "-in", path, "-pubout"]);
        var sign = await ExternalProgram.RunAsync("openssl", ["pkeyutl", "-sign", "-rawin", "-inkey", path, "-in", messagePath, "-out", signaturePath]);

        Assert.True(pub.ExitCode == 0, pub.ToString());
        Assert.Equal(key.PublicKey.ToPem().Trim(), pub.StandardOutput.Trim());
        Assert.True(sign.ExitCode == 0, sign.ToString());
        var signature = await File.ReadAllBytesAsync(signaturePath);
        Assert.True(key.PublicKey.Verify(message, signature));
    }
}
