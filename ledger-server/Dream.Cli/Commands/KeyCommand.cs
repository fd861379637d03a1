namespace Dream.Cli.Commands;

/// <summary><c>dream key new | show</c>: the participant's Ed25519 key, its identity as a did:key.</summary>
internal sealed class KeyCommand : ICliCommand
{
    public Command Create(GlobalOptions o)
    {
        var force = new Option<bool>("--force") { Description = "Replace an existing key (its identity is lost)." };
        var keyNew = new Command("new", "Create your Ed25519 key (mode 0600) and print its did:key.") { force };
        keyNew.SetAction(parse => CommandAction.Run(() =>
        {
            var path = o.KeyFile(parse);
            using var created = KeyStore.Create(path, parse.GetValue(force));
            Console.WriteLine(created.PublicKey.Did);
            Console.Error.WriteLine($"key written to {path}; ask the grid authority to register this did:key.");
            return Task.FromResult(0);
        }));
        var keyShow = new Command("show", "Print your did:key.");
        keyShow.SetAction(parse => CommandAction.Run(() =>
        {
            using var loaded = KeyStore.Load(o.KeyFile(parse));
            Console.WriteLine(loaded.PublicKey.Did);
            return Task.FromResult(0);
        }));
        return new Command("key", "Manage your key (your identity: a did:key).") { keyNew, keyShow };
    }
}
