using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Dream.Transparency.Notes;

/// <summary>The lexical rules C2SP signed-note shares between notes, key names and verifier keys.</summary>
internal static class NoteSyntax
{
    /// <summary>U+2014 EM DASH and a space: what every signature line starts with.</summary>
    public const string SignaturePrefix = "\u2014 ";

    public const int MaxSignatures = 100;

    /// <summary>The C2SP signed-note signature type byte of an Ed25519 key.</summary>
    public const byte Ed25519Type = 0x01;

    public static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>A key name: non-empty, no Unicode space, no '+', no control character.</summary>
    public static bool IsValidKeyName(string name) =>
        name.Length > 0
        && HasOnlyAllowedCharacters(name)
        && !name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c == '+');

    /// <summary>Note text: no control character except newline, and well-formed UTF-16 (so it encodes to valid UTF-8).</summary>
    public static bool HasOnlyAllowedCharacters(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 0x20 && c != '\n')
            {
                return false;
            }

            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A C2SP key id: the first 4 bytes, big-endian, of SHA-256(name || 0x0A || type || key).</summary>
    public static uint KeyId(string name, byte type, ReadOnlySpan<byte> key)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[nameBytes.Length + 2 + key.Length];
        nameBytes.CopyTo(input, 0);
        input[nameBytes.Length] = 0x0A;
        input[nameBytes.Length + 1] = type;
        key.CopyTo(input.AsSpan(nameBytes.Length + 2));
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(input, digest);
        return BinaryPrimitives.ReadUInt32BigEndian(digest);
    }

    /// <summary>Decodes standard padded base64, refusing whitespace and non-canonical encodings that .NET would otherwise accept.</summary>
    public static bool TryDecodeBase64(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length == 0 || text.Length % 4 != 0)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '='))
            {
                return false;
            }
        }

        try
        {
            bytes = Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            return false;
        }

        return Convert.ToBase64String(bytes) == text;
    }
}
