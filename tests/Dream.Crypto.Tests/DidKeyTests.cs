namespace Dream.Crypto.Tests;

/// <summary>Examples of the W3C did:key method specification.</summary>
public sealed class DidKeyTests
{
    [Fact]
    public void The_specification_example_maps_its_base58_key_to_its_did()
    {
        // did:key spec, example DID document: publicKeyBase58 of did:key:z6MkpTHR8VNsBxYAAWHut2Geadd9jSwuBV8xRoAnwWsdvktH.
        var key = Ed25519PublicKey.FromBytes(Base58Btc.Decode("B12NYF8RrR3h41TDCTJojY59usg3mbtbjnFs7Eud1Y6u"));

        Assert.Equal("did:key:z6MkpTHR8VNsBxYAAWHut2Geadd9jSwuBV8xRoAnwWsdvktH", key.Did);
        Assert.Equal(key, DidKey.Decode("did:key:z6MkpTHR8VNsBxYAAWHut2Geadd9jSwuBV8xRoAnwWsdvktH"));
    }

    [Theory]
    [InlineData("did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp")]
    [InlineData("did:key:z6MkjchhfUsD6mmvni8mCdXHw216Xrm9bQe2mBH1P5RDjVJG")]
    [InlineData("did:key:z6MknGc3ocHs3zdPiJbnaaqDi58NGb4pk1Sp9WxWufuXSdxf")]
    public void Specification_examples_round_trip(string did)
    {
        Assert.Equal(did, DidKey.Decode(did).Did);
    }

    [Fact]
    public void Generated_keys_encode_as_z6Mk()
    {
        using var key = Ed25519PrivateKey.Generate();
        Assert.StartsWith("did:key:z6Mk", key.PublicKey.Did, StringComparison.Ordinal);
        Assert.Equal(key.PublicKey, Ed25519PublicKey.FromDid(key.PublicKey.Did));
    }

    [Theory]
    [InlineData("z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp", "must start with")]
    [InlineData("did:web:example.com", "must start with")]
    [InlineData("did:key:", "base58btc, which starts with 'z'")]
    [InlineData("did:key:u7QGvaRKgUV", "base58btc, which starts with 'z'")]
    [InlineData("did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooW0", "not valid base58btc")]
    [InlineData("did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp#z6Mk", "fragment")]
    [InlineData("did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169", "not an Ed25519 key")]
    public void Malformed_dids_are_rejected_with_the_reason(string did, string reason)
    {
        var error = Assert.Throws<DidKeyFormatException>(() => DidKey.Decode(did));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.False(DidKey.TryDecode(did, out _));
    }

    [Theory]
    [InlineData(31)]
    [InlineData(33)]
    public void A_did_with_the_wrong_number_of_key_bytes_is_rejected(int keyBytes)
    {
        var did = "did:key:z" + Base58Btc.Encode([0xED, 0x01, .. new byte[keyBytes]]);

        var error = Assert.Throws<DidKeyFormatException>(() => DidKey.Decode(did));
        Assert.Contains($"holds {keyBytes} key bytes", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("00")]
    [InlineData("0000ff")]
    [InlineData("ed01")]
    [InlineData("ffffffffffffffffffffffffffffffff")]
    public void Base58_round_trips_including_leading_zeros(string hex)
    {
        var bytes = Convert.FromHexString(hex);
        Assert.Equal(bytes, Base58Btc.Decode(Base58Btc.Encode(bytes)));
    }
}
