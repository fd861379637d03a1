using Dream.Contracts.Broker;

namespace Dream.Contracts.Tests;

/// <summary>The broker ACL and password-file generator (dream-ledger broker-acl, the demo, the test broker).</summary>
public sealed class BrokerFilesTests
{
    private const string Did = "did:key:z6MkwULfG68nNEbJEFJr9mWxLtzyTBskNRBE4oohfWbA81hX";

    [Fact]
    public async Task A_password_line_is_mosquittos_pbkdf2_sha512_of_the_password_as_openssl_computes_it()
    {
        var line = MosquittoFiles.PasswordEntry("device-17", "s3cret pw");

        var fields = line.Split('$');
        Assert.Equal(["device-17:", "7", "101"], fields[..3]);
        var salt = Convert.FromBase64String(fields[3]);
        Assert.Equal(12, salt.Length);
        var kdf = await ExternalProgram.RunAsync("openssl", ["kdf", "-keylen", "64", "-kdfopt", "digest:SHA512", "-kdfopt", "pass:s3cret pw",
            "-kdfopt", $"hexsalt:{Convert.ToHexString(salt)}", "-kdfopt", "iter:101", "PBKDF2"]);
        Assert.True(kdf.ExitCode == 0, kdf.ToString());
        Assert.Equal(kdf.StandardOutput.Trim().Replace(":", string.Empty, StringComparison.Ordinal), Convert.ToHexString(Convert.FromBase64String(fields[4])));
        Assert.NotEqual(line, MosquittoFiles.PasswordEntry("device-17", "s3cret pw"));
    }

    [Fact]
    public void The_acl_has_one_block_per_user_and_a_device_only_its_own_topics()
    {
        var acl = MosquittoFiles.Acl([BrokerAccount.Ledger("ledger", "a"), BrokerAccount.Device(BrokerAccount.DeviceUser(Did), Did, "b")]);

        Assert.Equal($"""
            user ledger
            topic read dream/v1/+/readings
            topic write dream/v1/+/receipts
            topic read dream/v1/+/status
            topic read dream/v1/+/live

            user z6MkwULfG68nNEbJEFJr9mWxLtzyTBskNRBE4oohfWbA81hX
            topic write dream/v1/{Did}/readings
            topic readwrite dream/v1/{Did}/status
            topic write dream/v1/{Did}/live
            topic read dream/v1/{Did}/receipts


            """, acl);
    }

    [Theory]
    [InlineData("did:key:z6Mk")]
    [InlineData("device 1")]
    [InlineData("line\nbreak")]
    public void A_user_name_mosquitto_cannot_store_is_refused(string user)
    {
        var e = Assert.Throws<ArgumentException>(() => new BrokerAccount(user, "pw", []));
        Assert.Contains("Mosquitto cannot store it", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_user_twice_and_a_did_that_is_no_did_key_are_refused()
    {
        var twice = Assert.Throws<ArgumentException>(() => MosquittoFiles.PasswordFile([BrokerAccount.Ledger("ledger", "a"), BrokerAccount.Ledger("ledger", "b")]));
        Assert.Contains("'ledger' appears twice", twice.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => BrokerAccount.DeviceUser("did:web:example.org"));
        Assert.Equal("z6Mk", BrokerAccount.DeviceUser("did:key:z6Mk"));
    }
}
