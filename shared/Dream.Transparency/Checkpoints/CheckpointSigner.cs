using Dream.Crypto;
using Dream.Transparency.Notes;

namespace Dream.Transparency.Checkpoints;

/// <summary>The log operator's side: turns a checkpoint into the signed note that <c>GET /log/checkpoint</c> serves.</summary>
public sealed class CheckpointSigner
{
    private readonly NoteSigner _signer;

    /// <param name="keyName">The note key name; by convention the log's origin.</param>
    /// <param name="key">The grid authority's log key.</param>
    public CheckpointSigner(string keyName, Ed25519PrivateKey key)
    {
        _signer = new NoteSigner(keyName, key);
    }

    public NoteVerifier Verifier => _signer.Verifier;

    /// <summary>The C2SP verifier key line that <c>GET /log/key</c> serves.</summary>
    public string VerifierKey => _signer.Verifier.VerifierKey;

    /// <summary>The signed note of <paramref name="checkpoint"/>.</summary>
    public string Sign(Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return _signer.Sign(checkpoint.ToText());
    }
}
