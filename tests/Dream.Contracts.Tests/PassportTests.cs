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

    [Fact]
    public void A_version_2_passport_carries_the_rating_and_the_pairing_registers()
    {
        var payload = Samples.Passport(_device, _owner, _installer).ToPayload();
        var text = Encoding.UTF8.GetString(payload);

        var parsed = ProductPassport.ParsePayload(payload);

        Assert.StartsWith("{\"type\":\"dream.passport/2\",", text, StringComparison.Ordinal);
        Assert.EndsWith("\"installedAt\":1763710000000,\"maxPowerW\":69000,\"pairingImportWh\":1234567,\"pairingExportWh\":456789}", text, StringComparison.Ordinal);
        Assert.Equal((2, 69_000L, 1_234_567L, 456_789L), (parsed.Version, parsed.MaxPowerW, parsed.PairingImportWh, parsed.PairingExportWh));
        Assert.Equal(payload, parsed.ToPayload());
    }

    [Fact]
    public void A_version_1_passport_still_parses_and_writes_back_the_same_bytes_so_its_id_stays()
    {
        var legacy = Samples.LegacyPassport(_device, _owner, _installer);
        var payload = legacy.ToPayload();

        var parsed = ProductPassport.ParsePayload(payload);

        Assert.StartsWith("{\"type\":\"dream.passport/1\",", Encoding.UTF8.GetString(payload), StringComparison.Ordinal);
        Assert.DoesNotContain("pairing", Encoding.UTF8.GetString(payload), StringComparison.Ordinal);
        Assert.Equal(1, parsed.Version);
        Assert.Equal(legacy, parsed);
        Assert.Equal(payload, parsed.ToPayload());
    }

    [Fact]
    public void Version_1_has_no_pairing_fields_and_version_2_needs_them()
    {
        var legacy = Encoding.UTF8.GetString(Samples.LegacyPassport(_device, _owner, _installer).ToPayload());
        var withRating = Encoding.UTF8.GetBytes(legacy.Replace("}", ",\"maxPowerW\":69000}", StringComparison.Ordinal));
        Assert.Equal(ContractError.ExtraField, Assert.Throws<ContractException>(() => ProductPassport.ParsePayload(withRating)).Error);

        var relabelled = Encoding.UTF8.GetBytes(legacy.Replace("dream.passport/1", "dream.passport/2", StringComparison.Ordinal));
        Assert.Equal(ContractError.MissingField, Assert.Throws<ContractException>(() => ProductPassport.ParsePayload(relabelled)).Error);

        var mixed = Samples.LegacyPassport(_device, _owner, _installer) with { MaxPowerW = 5 };
        Assert.Equal(ContractError.InvalidValue, Assert.Throws<ContractException>(() => mixed.ToPayload()).Error);
    }

    [Theory]
    [InlineData("\"phases\":3", "\"phases\":2", ContractError.InvalidValue)]
    [InlineData("\"kind\":\"meter\"", "\"kind\":\"toaster\"", ContractError.InvalidValue)]
    [InlineData("\"measuresExport\":true", "\"measuresExport\":1", ContractError.WrongType)]
    [InlineData("\"serial\":\"21034567\",", "", ContractError.MissingField)]
    [InlineData("\"maxPowerW\":69000,", "", ContractError.MissingField)]
    [InlineData("\"maxPowerW\":69000", "\"maxPowerW\":0", ContractError.InvalidValue)]
    [InlineData("\"maxPowerW\":69000", "\"maxPowerW\":1000000001", ContractError.InvalidValue)]
    [InlineData("\"pairingExportWh\":456789", "\"pairingExportWh\":-1", ContractError.InvalidValue)]
    [InlineData("\"pairingImportWh\":1234567", "\"pairingImportWh\":1234567.0", ContractError.WrongType)]
    [InlineData("dream.passport/2", "dream.passport/3", ContractError.UnknownVersion)]
    public void Bad_passports_get_specific_errors(string find, string replace, ContractError expected)
    {
        var payload = Encoding.UTF8.GetString(Samples.Passport(_device, _owner, _installer).ToPayload());
        Assert.Contains(find, payload, StringComparison.Ordinal);
        var envelope = SignedEnvelope.Sign(Encoding.UTF8.GetBytes(payload.Replace(find, replace, StringComparison.Ordinal)), _device, _installer);

        Assert.Equal(expected, Assert.Throws<ContractException>(() => SignedPassport.Verify(envelope.ToBytes())).Error);
    }
}
