using System.Security.Cryptography;

namespace Dream.Contracts.Broker;

/// <summary>
/// One user of the MQTT broker and the topics its ACL lets it use. The ledger's and the devices' rights are
/// defined here once, for the operator's <c>dream-ledger broker-acl</c>, the demo's broker and the test broker.
/// </summary>
public sealed record BrokerAccount
{
    public BrokerAccount(string user, string password, IReadOnlyList<string> aclLines)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(aclLines);
        // Mosquitto splits a password-file line at the first ':' and reads both files line by line.
        if (user.Any(c => c == ':' || char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new ArgumentException($"The broker user name '{user}' has a ':', a space or a control character; Mosquitto cannot store it.", nameof(user));
        }

        if (password.Length == 0 || password.Any(char.IsControl))
        {
            throw new ArgumentException($"The password of broker user '{user}' is empty or has a control character.", nameof(password));
        }

        if (aclLines.FirstOrDefault(l => l.Any(char.IsControl)) is { } bad)
        {
            throw new ArgumentException($"The ACL line '{bad}' of broker user '{user}' has a control character.", nameof(aclLines));
        }

        User = user;
        Password = password;
        AclLines = aclLines;
    }

    public string User { get; }

    public string Password { get; }

    public IReadOnlyList<string> AclLines { get; }

    /// <summary>The ledger: reads every device's readings, status and live power, writes every device's receipts.</summary>
    public static BrokerAccount Ledger(string user, string password) => new(user, password,
    [
        $"topic read {Topics.Readings("+")}",
        $"topic write {Topics.Receipts("+")}",
        $"topic read {Topics.Status("+")}",
        $"topic read {Topics.Live("+")}",
    ]);

    /// <summary>A device: writes only under its own did:key, reads only its own receipts.</summary>
    public static BrokerAccount Device(string user, string did, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(did);
        return new(user, password,
        [
            $"topic write {Topics.Readings(did)}",
            $"topic readwrite {Topics.Status(did)}",
            $"topic write {Topics.Live(did)}",
            $"topic read {Topics.Receipts(did)}",
        ]);
    }

    /// <summary>
    /// The broker user name of a device: its did:key without the <c>did:key:</c> prefix (the multibase key),
    /// since Mosquitto user names cannot hold ':'.
    /// </summary>
    public static string DeviceUser(string did)
    {
        ArgumentNullException.ThrowIfNull(did);
        const string Prefix = "did:key:";
        return did.StartsWith(Prefix, StringComparison.Ordinal) && did.Length > Prefix.Length
            ? did[Prefix.Length..]
            : throw new ArgumentException($"'{did}' is not a did:key.", nameof(did));
    }

    /// <summary>128 random bits, hex.</summary>
    public static string NewPassword() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
