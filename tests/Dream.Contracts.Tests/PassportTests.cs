using System.Text;
using Dream.Crypto;

namespace Dream.Contracts.Tests;

public sealed class PassportTests : IDisposable
{
    private readonly Ed25519PrivateKey _device = Samples.Key("device");
    private readonly Ed25519PrivateKey _owner = Samples.Key("owner");
    private readonly Ed25519PrivateKey _installer = Samples.Key("installer");

    public void Dispose()
    {
        _device.Dispose();
        _owner.Dispose();
        _installer.Dispose();
    }

    [Fact]
    public void A_passport_signed_by_device_and_installer_verifies_and_has_a_content_id()
    {
        var passport = Samples.Passport(_device, _owner, _installer);
        var signed = SignedPassport.Create(passport, _device, _installer);

        var verified = SignedPassport.Verify(signed.Envelope.ToBytes());

        Assert.Equal(passport, verified.Passport);
        Assert.Equal(Hex.Sha256(passport.ToPayload()), verified.Id);
        Assert.Empty(verified.Countersigners);
    }

    [Fact]
    public void A_grid_authority_countersignature_is_kept()
    {
        using var authority = Samples.Key("grid authority");
        var signed = SignedPassport.Create(Samples.Passport(_device, _owner, _installer), _device, _installer);

        var approved = SignedPassport.Verify(signed.Envelope.Countersign(authority).ToBytes());

        Assert.Equal([authority.PublicKey.Did], approved.Countersigners);
        Assert.Equal(signed.Id, approved.Id);
    }

    [Fact]
    public void A_passport_signed_only_by_the_device_is_refused()
    {
        var envelope = SignedEnvelope.Sign(Samples.Passport(_device, _owner, _installer).ToPayload(), _device);
        Assert.Equal(ContractError.SignerMismatch, Assert.Throws<ContractException>(() => SignedPassport.Verify(envelope.ToBytes())).Error);
    }

    [Fact]
    public void A_passport_whose_installer_did_not_sign_is_refused()
    {
        var envelope = SignedEnvelope.Sign(Samples.Passport(_device, _owner, _installer).ToPayload(), _device, _owner);
        var error = Assert.Throws<ContractException>(() => SignedPassport.Verify(envelope.ToBytes()));
        Assert.Equal(ContractError.SignerMismatch, error.Error);
        Assert.Contains("installer", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"phases\":3", "\"phases\":2", ContractError.InvalidValue)]
    [InlineData("\"kind\":\"meter\"", "\"kind\":\"toaster\"", ContractError.InvalidValue)]
    [InlineData("\"measuresExport\":true", "\"measuresExport\":1", ContractError.WrongType)]
    [InlineData("\"serial\":\"21034567\",", "", ContractError.MissingField)]
    public void Bad_passports_get_specific_errors(string find, string replace, ContractError expected)
    {
        var payload = Encoding.UTF8.GetString(Samples.Passport(_device, _owner, _installer).ToPayload());
        Assert.Contains(find, payload, StringComparison.Ordinal);
        var envelope = SignedEnvelope.Sign(Encoding.UTF8.GetBytes(payload.Replace(find, replace, StringComparison.Ordinal)), _device, _installer);

        Assert.Equal(expected, Assert.Throws<ContractException>(() => SignedPassport.Verify(envelope.ToBytes())).Error);
    }
}
