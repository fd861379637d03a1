using System.Buffers.Binary;
using System.Text;
using Dream.Crypto;

namespace Dream.Transparency.Notes;

/// <summary>Signs note text with an Ed25519 key under a key name (C2SP signed-note).</summary>
public sealed class NoteSigner
{
    private readonly Ed25519PrivateKey _key;

    /// <exception cref="NoteFormatException">The name is not a valid key name.</exception>
    public NoteSigner(string name, Ed25519PrivateKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        _key = key;
        Verifier = NoteVerifier.Create(name, key.PublicKey);
    }

    public string Name => Verifier.Name;

    public uint KeyId => Verifier.KeyId;

    /// <summary>The matching verifier (its <see cref="NoteVerifier.VerifierKey"/> is what we publish).</summary>
    public NoteVerifier Verifier { get; }

    /// <summary>One signature line, <c>— name base64(key id || signature)\n</c>, over the exact bytes of <paramref name="text"/>.</summary>
    public string SignatureLine(ReadOnlySpan<byte> text)
    {
        Span<byte> blob = stackalloc byte[4 + Ed25519.SignatureSize];
        BinaryPrimitives.WriteUInt32BigEndian(blob, KeyId);
        _key.Sign(text, blob[4..]);
        return Verifier.SignatureLine(blob);
    }

    /// <summary>The signed note: the text, a blank line, and this key's signature line.</summary>
    /// <exception cref="NoteFormatException">The text is empty, does not end with a newline, or has control characters.</exception>
    public string Sign(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0 || text[^1] != '\n' || !NoteSyntax.HasOnlyAllowedCharacters(text))
        {
            throw new NoteFormatException("Note text must be non-empty, end with a newline, and hold no control characters other than newline.");
        }

        return text + "\n" + SignatureLine(Encoding.UTF8.GetBytes(text));
    }
}
