namespace Dream.Transparency.Tests;

/// <summary>A fresh log key for one test: its private key, the checkpoint signer, and the verifier that pins it.</summary>
public sealed class TestLogKey : IDisposable
{
    public const string Origin = "ledger.example.org/dream";

    public TestLogKey()
    {
        Signer = new CheckpointSigner(Origin, Key);
        Verifier = CheckpointVerifier.FromVerifierKey(Origin, Signer.VerifierKey);
    }

    public Ed25519PrivateKey Key { get; } = Ed25519PrivateKey.Generate();

    public CheckpointSigner Signer { get; }

    public CheckpointVerifier Verifier { get; }

    public void Dispose() => Key.Dispose();
}
