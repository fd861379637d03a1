using System.CommandLine;
using Dream.Contracts.Broker;

namespace Dream.Ledger.Server.Cli;

/// <summary>
/// <c>dream-ledger broker-acl</c>: the Mosquitto ACL (or password file) for the ledger and every device with an approved
/// passport, read from the data directory, so the operator regenerates both files instead of writing a block per device.
/// </summary>
public static class BrokerAclCommand
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static Command Create()
    {
        var dataDir = new Option<string>("--data-dir") { Description = "The ledger's data directory (opened read only; the running server's is fine).", Required = true };
        var postgres = new Option<string?>("--postgres") { Description = "The ledger's PostgreSQL database (its config's \"postgres\" connection string), when the log is kept there." };
        var passwordsDir = new Option<string>("--passwords-dir")
        {
            Description = "One 0600 file per broker user holding its password; a missing one is made with a random password (give a device's to its installer).",
            Required = true,
        };
        var ledgerUser = new Option<string>("--ledger-user") { Description = "The ledger's own broker user (its config's mqtt.username).", DefaultValueFactory = _ => "ledger" };
        var ledgerPasswordFile = new Option<string?>("--ledger-password-file") { Description = "The ledger's broker password file (its config's mqtt.passwordFile); default: the passwords directory's file of --ledger-user." };
        var passwd = new Option<bool>("--passwd") { Description = "Print the password file (Mosquitto's PBKDF2-SHA512 lines) instead of the ACL." };
        var command = new Command("broker-acl", "Print the Mosquitto ACL, or with --passwd the password file, for the ledger and every device with an approved passport.")
        {
            dataDir, postgres, passwordsDir, ledgerUser, ledgerPasswordFile, passwd,
        };
        command.SetAction(async (parse, ct) =>
        {
            var accounts = await AccountsAsync(parse.GetValue(dataDir)!, parse.GetValue(postgres), parse.GetValue(passwordsDir)!, parse.GetValue(ledgerUser)!, parse.GetValue(ledgerPasswordFile), ct);
            await Console.Out.WriteAsync(parse.GetValue(passwd) ? MosquittoFiles.PasswordFile(accounts) : MosquittoFiles.Acl(accounts));
            return 0;
        });
        return command;
    }

    /// <summary>The ledger's account, then one per device with an approved (not revoked) passport, in did order.</summary>
    public static Task<IReadOnlyList<BrokerAccount>> AccountsAsync(string dataDir, string passwordsDir, string ledgerUser, string? ledgerPasswordFile, CancellationToken cancellationToken) =>
        AccountsAsync(dataDir, null, passwordsDir, ledgerUser, ledgerPasswordFile, cancellationToken);

    /// <summary>The same, read from the PostgreSQL database <paramref name="postgres"/> when it is not null.</summary>
    public static async Task<IReadOnlyList<BrokerAccount>> AccountsAsync(string dataDir, string? postgres, string passwordsDir, string ledgerUser, string? ledgerPasswordFile, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(passwordsDir);
        IReadOnlyList<string> devices;
        using (var store = Hosting.LedgerServerStore.OpenReadOnly(dataDir, postgres))
        {
            // The submitted passports' status follows the log in the same commit ("approved", then "revoked"); the
            // audit (StoreConsistency) checks that it agrees with the log.
            devices = [.. (await store.PendingPassportsAsync(cancellationToken)).Where(p => p.Status == "approved").Select(p => p.Device).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        }

        Directory.CreateDirectory(passwordsDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var accounts = new List<BrokerAccount>
        {
            BrokerAccount.Ledger(ledgerUser, await PasswordAsync(ledgerPasswordFile ?? Path.Combine(passwordsDir, ledgerUser), cancellationToken)),
        };
        foreach (var did in devices)
        {
            var user = BrokerAccount.DeviceUser(did);
            accounts.Add(BrokerAccount.Device(user, did, await PasswordAsync(Path.Combine(passwordsDir, user), cancellationToken)));
        }

        return accounts;
    }

    private static async Task<string> PasswordAsync(string file, CancellationToken cancellationToken)
    {
        if (!File.Exists(file))
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnly };
            await using var stream = new FileStream(file, options);
            await using var writer = new StreamWriter(stream);
            await writer.WriteAsync(BrokerAccount.NewPassword() + "\n");
        }
        else if ((File.GetUnixFileMode(file) & ~(OwnerOnly | UnixFileMode.UserExecute)) != 0)
        {
            throw new InvalidOperationException($"{file} holds a broker password but others may read it; chmod 0600 it.");
        }

        var password = (await File.ReadAllTextAsync(file, cancellationToken)).Trim();
        return password.Length > 0 ? password : throw new InvalidDataException($"{file} is empty; write the broker user's password in it or delete it to get a new one.");
    }
}
