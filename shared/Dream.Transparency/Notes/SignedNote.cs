using System.Buffers.Binary;
using System.Text;

namespace Dream.Transparency.Notes;

/// <summary>
/// A C2SP signed note: text lines, a blank line, then one or more lines
/// <c>— name base64(key id || signature)</c>. Parsing checks the form only; <see cref="NoteVerifier.Verify(SignedNote)"/>
/// decides whether anything trusted signed it, and until then the text means nothing.
/// </summary>
public sealed class SignedNote
{
    private readonly byte[] _textBytes;

    private SignedNote(string text, byte[] textBytes, IReadOnlyList<NoteSignature> signatures)
    {
        Text = text;
        _textBytes = textBytes;
        Signatures = signatures;
    }

    /// <summary>The signed text, ending with a newline.</summary>
    public string Text { get; }

    /// <summary>The exact UTF-8 bytes the signatures cover.</summary>
    public ReadOnlySpan<byte> TextBytes => _textBytes;

    public IReadOnlyList<NoteSignature> Signatures { get; }

    /// <summary>Parses a note as it travels: UTF-8 bytes.</summary>
    /// <exception cref="NoteFormatException">The bytes are not valid UTF-8 or not a signed note.</exception>
    public static SignedNote Parse(ReadOnlySpan<byte> utf8)
    {
        string note;
        try
        {
            note = NoteSyntax.StrictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException e)
        {
            throw new NoteFormatException("The note is not valid UTF-8.", e);
        }

        return Parse(note);
    }

    /// <exception cref="NoteFormatException">The text is not a signed note.</exception>
    public static SignedNote Parse(string note)
    {
        ArgumentNullException.ThrowIfNull(note);
        if (!NoteSyntax.HasOnlyAllowedCharacters(note))
        {
            throw new NoteFormatException("A note may not contain control characters other than newline, nor invalid UTF-16.");
        }

        var split = note.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0)
        {
            throw new NoteFormatException("A note needs a blank line between its text and its signatures.");
        }

        var text = note[..(split + 1)];
        var block = note[(split + 2)..];
        if (block.Length == 0 || block[^1] != '\n')
        {
            throw new NoteFormatException("A note's signature block must be non-empty and end with a newline.");
        }

        var lines = block[..^1].Split('\n');
        if (lines.Length > NoteSyntax.MaxSignatures)
        {
            throw new NoteFormatException($"A note may carry at most {NoteSyntax.MaxSignatures} signatures, not {lines.Length}.");
        }

        var signatures = new NoteSignature[lines.Length];
        for (var i = 0; i < lines.Length; i++)
        {
            signatures[i] = ParseSignatureLine(lines[i]);
        }

        return new SignedNote(text, Encoding.UTF8.GetBytes(text), signatures);
    }

    private static NoteSignature ParseSignatureLine(string line)
    {
        if (!line.StartsWith(NoteSyntax.SignaturePrefix, StringComparison.Ordinal))
        {
            throw new NoteFormatException($"A signature line must start with an em dash and a space: '{line}'.");
        }

        var rest = line[NoteSyntax.SignaturePrefix.Length..];
        var space = rest.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0)
        {
            throw new NoteFormatException($"A signature line is '— <key name> <base64>': '{line}'.");
        }

        var name = rest[..space];
        if (!NoteSyntax.IsValidKeyName(name))
        {
            throw new NoteFormatException($"'{name}' is not a valid key name.");
        }

        if (!NoteSyntax.TryDecodeBase64(rest[(space + 1)..], out var bytes) || bytes.Length < 5)
        {
            throw new NoteFormatException($"The signature of {name} is not base64 of a key id and a signature.");
        }

        return new NoteSignature(name, BinaryPrimitives.ReadUInt32BigEndian(bytes), bytes[4..]);
    }
}
