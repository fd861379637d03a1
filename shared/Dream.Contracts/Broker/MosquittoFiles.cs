using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Dream.Contracts.Broker;

/// <summary>
/// The Mosquitto 2 files for a set of <see cref="BrokerAccount"/>s: the ACL file (one block per user) and the
/// password file (PBKDF2-SHA512 hashes in Mosquitto's own <c>$7$</c> format, as <c>mosquitto_passwd</c> writes them).
/// </summary>
public static class MosquittoFiles
{
    /// <summary>Mosquitto's default for <c>$7$</c> hashes.</summary>
    public const int Iterations = 101;

    /// <summary>
    /// The broker's flow-control lines as docs/guide-grid-authority.md ships them (a test keeps the two equal): the
    /// ledger's queue holds minutes of readings at 5,000/s while the ledger is behind or away.
    /// </summary>
    public const string FlowControl = """
        max_queued_messages 2000000
        max_queued_bytes 2147483648
        max_inflight_messages 1000

        """;

    /// <summary>
    /// Everything but debug to stderr (the process's owner keeps the log); as root, Mosquitto keeps running as
    /// root, since it would otherwise drop to a "mosquitto" user that cannot read files made for the caller.
    /// </summary>
    public static string Logging(bool asRoot) => $"""
        log_dest stderr
        log_type error
        log_type warning
        log_type notice
        log_type information
        {(asRoot ? "user root" : string.Empty)}

        """;

    public static string Acl(IEnumerable<BrokerAccount> accounts)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        var acl = new StringBuilder();
        foreach (var account in Distinct(accounts))
        {
            acl.Append(CultureInfo.InvariantCulture, $"user {account.User}\n");
            foreach (var line in account.AclLines)
            {
                acl.Append(line).Append('\n');
            }

            acl.Append('\n');
        }

        return acl.ToString();
    }

    public static string PasswordFile(IEnumerable<BrokerAccount> accounts)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        var file = new StringBuilder();
        foreach (var account in Distinct(accounts))
        {
            file.Append(PasswordEntry(account.User, account.Password)).Append('\n');
        }

        return file.ToString();
    }

    /// <summary><c>user:$7$101$salt$hash</c>, a fresh 12-byte salt each time.</summary>
    public static string PasswordEntry(string user, string password)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(password);
        var salt = RandomNumberGenerator.GetBytes(12);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA512, 64);
        return $"{user}:$7${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    private static IEnumerable<BrokerAccount> Distinct(IEnumerable<BrokerAccount> accounts)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var account in accounts)
        {
            // Two blocks for one user would merge in the ACL and shadow each other in the password file.
            if (!seen.Add(account.User))
            {
                throw new ArgumentException($"The broker user '{account.User}' appears twice.", nameof(accounts));
            }

            yield return account;
        }
    }
}
