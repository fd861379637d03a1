using System.Globalization;
using System.Text;
using Dream.Transparency.Merkle;
using Dream.Transparency.Notes;

namespace Dream.Transparency.Checkpoints;

/// <summary>
/// The body of a C2SP tlog-checkpoint: the log's origin, the tree size in decimal and the base64 root
/// hash, each on its own line, then optional extension lines. It is signed as a note by
/// <see cref="CheckpointSigner"/> and trusted only through <see cref="CheckpointVerifier"/>.
/// </summary>
public sealed class Checkpoint
{
    private readonly string[] _extensions;

    /// <exception cref="NoteFormatException">The origin or an extension line cannot be written as a checkpoint line.</exception>
    public Checkpoint(string origin, long size, Sha256Hash rootHash, IReadOnlyList<string>? extensions = null)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        if (!IsValidLine(origin))
        {
            throw new NoteFormatException("A checkpoint origin must be a non-empty line without control characters.");
        }

        _extensions = extensions?.ToArray() ?? [];
        foreach (var line in _extensions)
        {
            if (!IsValidLine(line))
            {
                throw new NoteFormatException("A checkpoint extension must be a non-empty line without control characters.");
            }
        }

        Origin = origin;
        Size = size;
        RootHash = rootHash;
    }

    /// <summary>The log's unique name, conventionally a schema-less URL.</summary>
    public string Origin { get; }

    /// <summary>The number of leaves the checkpoint commits to.</summary>
    public long Size { get; }

    public Sha256Hash RootHash { get; }

    /// <summary>Lines after the root hash; their meaning belongs to the log.</summary>
    public IReadOnlyList<string> Extensions => _extensions;

    /// <summary>The checkpoint as note text: origin, size, root hash and extension lines, each ending with a newline.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        text.Append(Origin).Append('\n');
        text.Append(Size.ToString(CultureInfo.InvariantCulture)).Append('\n');
        text.Append(RootHash.ToBase64()).Append('\n');
        foreach (var line in _extensions)
        {
            text.Append(line).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Parses checkpoint text (the body of a signed note). Use <see cref="CheckpointVerifier"/> for a signed checkpoint.</summary>
    /// <exception cref="NoteFormatException">The text is not a checkpoint.</exception>
    public static Checkpoint Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0 || text[^1] != '\n')
        {
            throw new NoteFormatException("Checkpoint text must end with a newline.");
        }

        var lines = text[..^1].Split('\n');
        if (lines.Length < 3)
        {
            throw new NoteFormatException($"A checkpoint has at least 3 lines (origin, tree size, root hash), not {lines.Length}.");
        }

        if (!IsValidLine(lines[0]))
        {
            throw new NoteFormatException("The checkpoint origin line is empty or has control characters.");
        }

        var size = ParseSize(lines[1]);
        if (!NoteSyntax.TryDecodeBase64(lines[2], out var root) || root.Length != Sha256Hash.Size)
        {
            throw new NoteFormatException($"The checkpoint root hash '{lines[2]}' is not the base64 of {Sha256Hash.Size} bytes.");
        }

        var extensions = lines[3..];
        if (extensions.Any(line => !IsValidLine(line)))
        {
            throw new NoteFormatException("A checkpoint extension line is empty or has control characters.");
        }

        return new Checkpoint(lines[0], size, Sha256Hash.FromBytes(root), extensions);
    }

    public override string ToString() => $"{Origin} @ {Size} {RootHash.ToBase64()}";

    // Decimal ASCII digits, no sign, no leading zero, no spaces: one tree size has exactly one spelling.
    private static long ParseSize(string line)
    {
        var canonical = line.Length > 0
            && line.All(char.IsAsciiDigit)
            && (line == "0" || line[0] != '0');
        if (!canonical || !long.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            throw new NoteFormatException($"The checkpoint tree size '{line}' is not a decimal number without leading zeros.");
        }

        return size;
    }

    private static bool IsValidLine(string line) => line.Length > 0 && !line.Contains('\n', StringComparison.Ordinal) && NoteSyntax.HasOnlyAllowedCharacters(line);
}
