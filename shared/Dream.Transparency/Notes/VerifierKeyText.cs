using System.Globalization;
using Dream.Crypto;

namespace Dream.Transparency.Notes;

/// <summary>
/// The C2SP verifier key line <c>name+hex key id+base64(type || Ed25519 public key)</c>, shared by the log's note key
/// (type 0x01) and a witness's cosignature key (type 0x04): one writer, one parser that checks the key id.
/// </summary>
internal static class VerifierKeyText
{
    public static string Format(string name, byte type, Ed25519PublicKey publicKey)
    {
        Span<byte> material = stackalloc byte[1 + Ed25519.PublicKeySize];
        material[0] = type;
        publicKey.Bytes.CopyTo(material[1..]);
        return $"{name}+{NoteSyntax.KeyId(name, type, publicKey.Bytes):x8}+{Convert.ToBase64String(material)}";
    }

    /// <summary>The name and key of a verifier key line of <paramref name="type"/>; <paramref name="what"/> names it in errors ("verifier key", "witness verifier key").</summary>
    /// <exception cref="NoteFormatException">Malformed, another key type, or a key id that its name and key do not give.</exception>
    public static (string Name, Ed25519PublicKey Key) Parse(string verifierKey, byte type, string what)
    {
        var parts = verifierKey.Split('+', 3);
        if (parts.Length != 3)
        {
            throw new NoteFormatException($"A {what} is '<name>+<hex key id>+<base64 key>', not '{verifierKey}'.");
        }

        var (name, hex, material) = (parts[0], parts[1], parts[2]);
        if (!NoteSyntax.IsValidKeyName(name))
        {
            throw new NoteFormatException($"'{name}' is not a valid key name for a {what}.");
        }

        if (hex.Length != 8 || !hex.All(char.IsAsciiHexDigit) || !uint.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var keyId))
        {
            throw new NoteFormatException($"The key id of a {what} is 8 hex digits, not '{hex}'.");
        }

        if (!NoteSyntax.TryDecodeBase64(material, out var bytes) || bytes.Length != 1 + Ed25519.PublicKeySize || bytes[0] != type)
        {
            throw new NoteFormatException($"A {what} holds base64(0x{type:x2} || 32-byte Ed25519 key); '{verifierKey}' does not.");
        }

        var key = Ed25519PublicKey.FromBytes(bytes.AsSpan(1));
        var computed = NoteSyntax.KeyId(name, type, key.Bytes);
        if (computed != keyId)
        {
            throw new NoteFormatException($"The {what} says key id {keyId:x8}, but its name and key give {computed:x8}.");
        }

        return (name, key);
    }
}
