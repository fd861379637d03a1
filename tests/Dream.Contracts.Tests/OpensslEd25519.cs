namespace Dream.Contracts.Tests;

/// <summary>openssl (not our code) checks a published vector: its signature verifies, and not with one payload byte changed.</summary>
internal static class OpensslEd25519
{
    public static async Task AssertVerifiesOnlyUnalteredAsync(TemporaryDirectory temp, Ed25519PublicKey publicKey, byte[] payload, byte[] signature)
    {
        var keyPath = temp.Combine($"{Guid.NewGuid():N}.pub.pem");
        await File.WriteAllTextAsync(keyPath, publicKey.ToPem());

        var good = await VerifyAsync(temp, keyPath, payload, signature, "good");
        var tampered = (byte[])payload.Clone();
        tampered[tampered.Length / 2] ^= 0x01;
        var bad = await VerifyAsync(temp, keyPath, tampered, signature, "bad");

        Assert.True(good.ExitCode == 0, good.ToString());
        Assert.Contains("Signature Verified Successfully", good.StandardOutput, StringComparison.Ordinal);
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("Signature Verification Failure", bad.StandardOutput + bad.StandardError, StringComparison.Ordinal);
    }

    private static async Task<ProcessResult> VerifyAsync(TemporaryDirectory temp, string keyPath, byte[] payload, byte[] signature, string tag)
    {
        var payloadPath = temp.Combine($"{tag}-{Guid.NewGuid():N}.payload");
        var signaturePath = payloadPath + ".sig";
        await File.WriteAllBytesAsync(payloadPath, payload);
        await File.WriteAllBytesAsync(signaturePath, signature);
        return await ExternalProgram.RunAsync("openssl", ["pkeyutl", "-verify", "-pubin", "-inkey", keyPath, "-rawin", "-in", payloadPath, "-sigfile", signaturePath]);
    }
}
