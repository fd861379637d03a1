namespace Dream.Contracts.Tests;

/// <summary>The published vectors in docs/test-vectors, built from fixed seeds so anyone can regenerate them.</summary>
internal static class TestVectorSet
{
    public sealed record Vector(string FileName, string Description, Ed25519PublicKey Key, byte[] Payload, byte[] Signature, byte[] Message)
    {
        public string ToJson()
        {
            return PublishedVectors.ToJson(
                new Dictionary<string, string>
                {
                    ["description"] = Description,
                    ["signer"] = Key.Did,
                    ["publicKey"] = Convert.ToBase64String(Key.Bytes),
                    ["payload"] = Convert.ToBase64String(Payload),
                    ["signature"] = Convert.ToBase64String(Signature),
                    ["message"] = Encoding.UTF8.GetString(Message),
                });
        }
    }

    public static IReadOnlyList<Vector> Build()
    {
        using var device = Samples.Key("device");
        using var owner = Samples.Key("owner");
        using var installer = Samples.Key("installer");
        var passport = SignedPassport.Create(Samples.LegacyPassport(device, owner, installer), device, installer);
        var passportV2 = SignedPassport.Create(Samples.Passport(device, owner, installer), device, installer);
        using var gridAuthority = Samples.Key("grid authority");
        var first = SignedReading.Create(Samples.Reading(device, passport.Id, 1), device);
        var second = SignedReading.Create(Samples.Reading(device, passport.Id, 2, first.Hash), device);
        var flagged = SignedReading.Create(
            Samples.Reading(device, passport.Id, 3, second.Hash) with
            {
                Samples = 61,
                Flags = ReadingQuality.SamplesMissing | ReadingQuality.CommunicationError | ReadingQuality.ClockNotSynchronized,
            },
            device);

        var passportMessage = passport.Envelope.ToBytes();
        var passportV2Message = passportV2.Envelope.ToBytes();
        var receipt = Samples.ReceiptV2(device, first.Hash).Sign(gridAuthority);
        var receiptV1 = Samples.ReceiptV1(device, second.Hash).Sign(gridAuthority);
        return
        [
            FromReading("signed-reading-first.json", "A device's first reading (seq 1, prev = 64 zeros): a 15-minute interval with import and export.", device, first),
            FromReading("signed-reading-chained.json", "The second reading: prev is the hex SHA-256 of the first reading's payload bytes.", device, second),
            FromReading("signed-reading-flags.json", "A reading with quality flags 7 (samplesMissing | communicationError | clockNotSynchronized) and 61 of 90 samples.", device, flagged),
            new("passport-meter-device.json", "A meter's product passport; this vector is the device's signature (signatures[0]).", device.PublicKey, passport.Envelope.Payload.ToArray(), passport.Envelope.Signatures[0].Signature.ToArray(), passportMessage),
            new("passport-meter-installer.json", "The same passport; this vector is the installer's signature (signatures[1]).", installer.PublicKey, passport.Envelope.Payload.ToArray(), passport.Envelope.Signatures[1].Signature.ToArray(), passportMessage),
            new("passport-v2-meter-device.json", "A meter's dream.passport/2 (rating 69000 W, pairing registers 1234567/456789 Wh); this vector is the device's signature (signatures[0]).", device.PublicKey, passportV2.Envelope.Payload.ToArray(), passportV2.Envelope.Signatures[0].Signature.ToArray(), passportV2Message),
            new("passport-v2-meter-installer.json", "The same dream.passport/2; this vector is the installer's signature (signatures[1]).", installer.PublicKey, passportV2.Envelope.Payload.ToArray(), passportV2.Envelope.Signatures[1].Signature.ToArray(), passportV2Message),
            new("receipt-1.json", "A dream.receipt/1 (what ledgers sent before version 2; agents still read it) signed by the grid authority: readings 1..2 stored, reading 2 at log index 3.", gridAuthority.PublicKey, receiptV1.Payload.ToArray(), receiptV1.Signatures[0].Signature.ToArray(), receiptV1.ToBytes()),
            new("receipt-2.json", "A dream.receipt/2 signed by the grid authority: readings 1..1 stored, 2 and 4-6 missing below 7, reading 3 refused for good.", gridAuthority.PublicKey, receipt.Payload.ToArray(), receipt.Signatures[0].Signature.ToArray(), receipt.ToBytes()),
        ];
    }

    private static Vector FromReading(string fileName, string description, Ed25519PrivateKey device, SignedReading reading) =>
        new(fileName, description, device.PublicKey, reading.Envelope.Payload.ToArray(), reading.Envelope.Signatures[0].Signature.ToArray(), reading.Envelope.ToBytes());
}
