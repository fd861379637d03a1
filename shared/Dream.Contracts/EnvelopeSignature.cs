namespace Dream.Contracts;

/// <summary>One signature in an envelope: who signed (a did:key) and the 64-byte Ed25519 signature.</summary>
public sealed record EnvelopeSignature(string Signer, ReadOnlyMemory<byte> Signature);
