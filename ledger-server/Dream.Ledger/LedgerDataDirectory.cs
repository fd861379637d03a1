using System.Security.Cryptography;
using Dream.Crypto;
using Dream.Ledger.Ingest;
using Dream.Ledger.Registry;
using Dream.Ledger.Storage;

namespace Dream.Ledger;

/// <summary>
/// The grid authority's data directory: <c>ga.key</c> (the GA's Ed25519 key, mode 0600), <c>admin.token</c>
/// (0600; the admin API's bearer token), <c>ledger.db</c> (the log and everything derived).
/// </summary>
public sealed class LedgerDataDirectory
{
    public const string KeyFileName = "ga.key";
    public const string DatabaseFileName = "ledger.db";
    public const string AdminTokenFileName = "admin.token";
    public const string OriginMetaKey = "origin";
    public const string GridAuthorityMetaKey = "grid_authority";

    public LedgerDataDirectory(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
    }

    public string Path { get; }

    public string KeyFile => System.IO.Path.Combine(Path, KeyFileName);

    public string DatabaseFile => System.IO.Path.Combine(Path, DatabaseFileName);

    public string AdminTokenFile => System.IO.Path.Combine(Path, AdminTokenFileName);

    public bool IsInitialized => File.Exists(KeyFile) && File.Exists(DatabaseFile);

    /// <summary>
    /// Creates the key, the admin token and the database, and logs entry 0: the grid authority's own
    /// participant registration. Refuses a directory that already holds a ledger.
    /// </summary>
    public static Task<LedgerDataDirectory> InitializeAsync(string path, string origin, string name, TimeProvider time, CancellationToken cancellationToken = default) =>
        InitializeAsync(path, origin, name, time, d => SqliteLedgerStore.Open(d.DatabaseFile), cancellationToken);

    /// <summary>
    /// Like the other overload, with the log in the store <paramref name="openStore"/> opens (PostgreSQL: the key and
    /// token stay in the directory, the log is in the database). Refuses a store that already holds a ledger.
    /// </summary>
    public static async Task<LedgerDataDirectory> InitializeAsync(string path, string origin, string name, TimeProvider time, Func<LedgerDataDirectory, ILedgerStore> openStore, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(openStore);
        var directory = new LedgerDataDirectory(path);
        if (File.Exists(directory.KeyFile) || File.Exists(directory.DatabaseFile))
        {
            throw new InvalidOperationException($"{directory.Path} already holds a ledger; refusing to overwrite it.");
        }

        if (string.IsNullOrWhiteSpace(origin) || origin.Any(c => char.IsWhiteSpace(c) || c == '+'))
        {
            throw new ArgumentException("The log origin must be a non-empty name without spaces or '+', e.g. ledger.grid.example/dream.", nameof(origin));
        }

        Directory.CreateDirectory(directory.Path);
        using var store = openStore(directory);
        if (store.Size > 0 || store.GetMeta(OriginMetaKey) is not null)
        {
            throw new InvalidOperationException($"The database already holds a ledger ({store.Size} entries); refusing to overwrite it.");
        }

        using var key = Ed25519PrivateKey.Generate();
        Crypto.KeyFile.Write(directory.KeyFile, key);
        await File.WriteAllTextAsync(directory.AdminTokenFile, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)) + "\n", cancellationToken);
        File.SetUnixFileMode(directory.AdminTokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        store.SetMeta(OriginMetaKey, origin);
        store.SetMeta(GridAuthorityMetaKey, key.PublicKey.Did);
        await using var engine = await LedgerEngine.StartAsync(store, key, new LedgerOptions { TimeProvider = time, VerifyWorkers = 1 }, cancellationToken: cancellationToken);
        var registration = new ParticipantRegistration
        {
            Did = key.PublicKey.Did,
            Role = ParticipantRole.GridAuthority,
            Name = name,
            RegisteredAtMs = time.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        await engine.AppendRegistryAsync(SignedEnvelope.Sign(registration.ToPayload(), key), cancellationToken: cancellationToken);
        return directory;
    }

    public Ed25519PrivateKey LoadKey() => Crypto.KeyFile.Read(KeyFile);

    /// <summary>Opens <c>ledger.db</c>; needs no key, so an auditor can open a copy of the database alone.</summary>
    public SqliteLedgerStore OpenStore()
    {
        if (!File.Exists(DatabaseFile))
        {
            throw new InvalidOperationException(NoLedger);
        }

        return SqliteLedgerStore.Open(DatabaseFile);
    }

    /// <summary>Opens <c>ledger.db</c> for an audit: read only, nothing created or written.</summary>
    public SqliteLedgerStore OpenStoreReadOnly()
    {
        if (!File.Exists(DatabaseFile))
        {
            throw new InvalidOperationException(NoLedger);
        }

        return SqliteLedgerStore.OpenReadOnly(DatabaseFile);
    }

    /// <summary>Why there is no <c>ledger.db</c> to open: not initialised, or the log is kept in PostgreSQL.</summary>
    private string NoLedger => File.Exists(KeyFile)
        ? $"{Path} holds a grid authority key but no {DatabaseFileName}: its log is kept in PostgreSQL (the config's \"postgres\"; `dream-ledger verify --postgres`, `broker-acl --postgres`)."
        : $"{Path} holds no ledger; run `dream-ledger init --data-dir {Path}` first.";

    public string ReadAdminToken() => File.ReadAllText(AdminTokenFile).Trim();
}
