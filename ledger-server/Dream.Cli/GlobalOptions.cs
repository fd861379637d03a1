using Dream.Crypto;

namespace Dream.Cli;

/// <summary>Options every command shares: where the ledger is, which key signs, JSON output, and the signing clock.</summary>
public sealed class GlobalOptions
{
    public Option<string?> Ledger { get; } = new("--ledger") { Description = "The ledger's URL (default: $DREAM_LEDGER_URL).", Recursive = true };

    public Option<string?> KeyPath { get; } = new("--key") { Description = "The key file (default: $XDG_CONFIG_HOME/dream/key or ~/.config/dream/key).", Recursive = true };

    public Option<bool> Json { get; } = new("--json") { Description = "Print the ledger's JSON answer.", Recursive = true };

    public Option<long?> TimeMs { get; } = new("--time-ms") { Description = "Sign as of this Unix time in ms instead of the system clock (scripts, tests); the ledger still refuses a time more than 30 s from its own (a settlement: outside its validity window).", Recursive = true };

    public void AddTo(RootCommand root)
    {
        root.Options.Add(Ledger);
        root.Options.Add(KeyPath);
        root.Options.Add(Json);
        root.Options.Add(TimeMs);
    }

    public string KeyFile(ParseResult parse) => parse.GetValue(KeyPath) ?? KeyStore.DefaultPath();

    public LedgerClient Client(ParseResult parse)
    {
        var url = parse.GetValue(Ledger) ?? Environment.GetEnvironmentVariable("DREAM_LEDGER_URL")
            ?? throw new CliException("Which ledger? Give --ledger URL or set DREAM_LEDGER_URL.");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
        {
            throw new CliException($"--ledger {url} is not an http(s) URL.");
        }

        var fixedTime = parse.GetValue(TimeMs);
        Ed25519PrivateKey key = KeyStore.Load(KeyFile(parse));
        return new LedgerClient(uri, key, () => fixedTime ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }
}
