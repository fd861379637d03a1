namespace Dream.Contracts.Tests;

public sealed class ReceiptTests
{
    [Fact]
    public void A_receipt_verifies_only_against_the_configured_grid_authority()
    {
        using var authority = Samples.Key("grid authority");
        using var impostor = Samples.Key("impostor");
        using var device = Samples.Key("device");
        var receipt = new Receipt { Device = device.PublicKey.Did, ThroughSequence = 42, ThroughHash = new string('c', 64), LogIndex = 1234, IssuedAtMs = Samples.IntervalStart };

        var message = receipt.Sign(authority).ToBytes();

        Assert.Equal(receipt, Receipt.Verify(message, authority.PublicKey));
        Assert.Equal(ContractError.SignerMismatch, Assert.Throws<ContractException>(() => Receipt.Verify(message, impostor.PublicKey)).Error);
        Assert.Equal(ContractError.SignerMismatch, Assert.Throws<ContractException>(() => Receipt.Verify(receipt.Sign(impostor).ToBytes(), authority.PublicKey)).Error);
    }

    [Theory]
    [InlineData("dream/v1/did:key:z6Mk1/readings", "did:key:z6Mk1")]
    [InlineData("dream/v1/did:key:z6Mk1/receipts", null)]
    [InlineData("dream/v1//readings", null)]
    [InlineData("dream/v1/a/b/readings", null)]
    [InlineData("other/v1/x/readings", null)]
    public void The_device_is_read_from_a_readings_topic(string topic, string? device)
    {
        Assert.Equal(device, Topics.DeviceOfReadingsTopic(topic));
    }
}
