using Dream.Crypto;

namespace Dream.Demo.Grid;

/// <summary>A market participant of the demo: a name, a ledger role and an Ed25519 key in the work directory.</summary>
internal sealed record Participant(string Name, string Role, string KeyFile, string Did)
{
    public static Participant Create(string name, string role, string keyDirectory)
    {
        Directory.CreateDirectory(keyDirectory);
        var file = Path.Combine(keyDirectory, $"{Slug(name)}.key");
        if (!File.Exists(file))
        {
            using var fresh = Ed25519PrivateKey.Generate();
            Dream.Crypto.KeyFile.Write(file, fresh);
        }

        using var key = Dream.Crypto.KeyFile.Read(file);
        return new Participant(name, role, file, key.PublicKey.Did);
    }

    public static Participant Existing(string name, string role, string keyFile)
    {
        using var key = Dream.Crypto.KeyFile.Read(keyFile);
        return new Participant(name, role, keyFile, key.PublicKey.Did);
    }

    public Ed25519PrivateKey LoadKey() => Dream.Crypto.KeyFile.Read(KeyFile);

    public static string Slug(string name) => string.Concat(name.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : '-'));
}
