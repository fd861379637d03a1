using System.Security.Cryptography;
using Dream.Crypto.Interop;

namespace Dream.Crypto;

/// <summary>An Ed25519 signing key. The secret stays in unmanaged memory that is zeroed on dispose.</summary>
public sealed unsafe class Ed25519PrivateKey : IDisposable
{
    private readonly SecretKeyHandle _secret;

    private Ed25519PrivateKey(SecretKeyHandle secret, Ed25519PublicKey publicKey)
    {
        _secret = secret;
        PublicKey = publicKey;
    }

    public Ed25519PublicKey PublicKey { get; }

    /// <summary>Creates a new key from libsodium's CSPRNG.</summary>
    public static Ed25519PrivateKey Generate()
    {
        Sodium.EnsureInitialized();
        Span<byte> seed = stackalloc byte[Ed25519.SeedSize];
        try
        {
            fixed (byte* s = seed)
            {
                Libsodium.randombytes_buf(s, (nuint)seed.Length);
            }

            return FromSeed(seed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <summary>Derives the key from its 32-byte seed (the RFC 8032 "secret key").</summary>
    public static Ed25519PrivateKey FromSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != Ed25519.SeedSize)
        {
            throw new ArgumentException($"An Ed25519 seed is {Ed25519.SeedSize} bytes, not {seed.Length}.", nameof(seed));
        }

        Sodium.EnsureInitialized();
        var secret = SecretKeyHandle.Allocate();
        var publicKey = new byte[Ed25519.PublicKeySize];
        var added = false;
        try
        {
            secret.DangerousAddRef(ref added);
            fixed (byte* pk = publicKey)
            fixed (byte* sd = seed)
            fixed (byte* sk = secret.DangerousSpan)
            {
                if (Libsodium.crypto_sign_seed_keypair(pk, sk, sd) != 0)
                {
                    throw new CryptographicException("crypto_sign_seed_keypair failed.");
                }
            }
        }
        catch
        {
            secret.Dispose();
            throw;
        }
        finally
        {
            if (added)
            {
                secret.DangerousRelease();
            }
        }

        return new Ed25519PrivateKey(secret, Ed25519PublicKey.FromBytes(publicKey));
    }

    /// <summary>Signs <paramref name="message"/> into <paramref name="signature"/> (64 bytes).</summary>
    public void Sign(ReadOnlySpan<byte> message, Span<byte> signature)
    {
        if (signature.Length != Ed25519.SignatureSize)
        {
            throw new ArgumentException($"The signature buffer must be {Ed25519.SignatureSize} bytes.", nameof(signature));
        }

        var added = false;
        try
        {
            _secret.DangerousAddRef(ref added);
            fixed (byte* sig = signature)
            fixed (byte* m = message)
            fixed (byte* sk = _secret.DangerousSpan)
            {
                if (Libsodium.crypto_sign_detached(sig, out _, m, (ulong)message.Length, sk) != 0)
                {
                    throw new CryptographicException("crypto_sign_detached failed.");
                }
            }
        }
        finally
        {
            if (added)
            {
                _secret.DangerousRelease();
            }
        }
    }

    /// <summary>Signs <paramref name="message"/> and returns the 64-byte signature.</summary>
    public byte[] Sign(ReadOnlySpan<byte> message)
    {
        var signature = new byte[Ed25519.SignatureSize];
        Sign(message, signature);
        return signature;
    }

    /// <summary>Copies the 32-byte seed out, for writing a key file. The caller zeroes the buffer.</summary>
    public void ExportSeed(Span<byte> destination)
    {
        if (destination.Length != Ed25519.SeedSize)
        {
            throw new ArgumentException($"The seed buffer must be {Ed25519.SeedSize} bytes.", nameof(destination));
        }

        var added = false;
        try
        {
            _secret.DangerousAddRef(ref added);
            _secret.DangerousSpan[..Ed25519.SeedSize].CopyTo(destination);
        }
        finally
        {
            if (added)
            {
                _secret.DangerousRelease();
            }
        }
    }

    public void Dispose() => _secret.Dispose();
}
