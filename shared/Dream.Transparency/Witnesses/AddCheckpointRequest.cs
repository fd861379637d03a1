using System.Globalization;
using System.Text;
using Dream.Transparency.Merkle;
using Dream.Transparency.Notes;

namespace Dream.Transparency.Witnesses;

/// <summary>
/// The body of a C2SP tlog-witness <c>POST add-checkpoint</c>: <c>old &lt;size&gt;</c>, up to 63 base64 consistency
/// proof lines, an empty line, then the signed checkpoint note.
/// </summary>
public sealed class AddCheckpointRequest
{
    public const int MaxProofLines = 63;

    /// <summary>Bounds what a witness reads: a checkpoint with its signatures and a proof are far smaller.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public AddCheckpointRequest(long oldSize, IReadOnlyList<Sha256Hash> proof, string signedCheckpoint)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(oldSize);
        ArgumentNullException.ThrowIfNull(proof);
        ArgumentNullException.ThrowIfNull(signedCheckpoint);
        if (proof.Count > MaxProofLines)
        {
            throw new NoteFormatException($"A consistency proof has at most {MaxProofLines} hashes, not {proof.Count}.");
        }

        OldSize = oldSize;
        Proof = proof;
        SignedCheckpoint = signedCheckpoint;
    }

    public long OldSize { get; }

    public IReadOnlyList<Sha256Hash> Proof { get; }

    /// <summary>The checkpoint as a signed note (text, blank line, signature lines).</summary>
    public string SignedCheckpoint { get; }

    public string ToText()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"old {OldSize}\n");
        foreach (var hash in Proof)
        {
            text.Append(hash.ToBase64()).Append('\n');
        }

        return text.Append('\n').Append(SignedCheckpoint).ToString();
    }

    /// <exception cref="NoteFormatException">The body is not an add-checkpoint request (the witness answers 400).</exception>
    public static AddCheckpointRequest Parse(ReadOnlySpan<byte> body)
    {
        if (body.Length > MaxBodyBytes)
        {
            throw new NoteFormatException($"An add-checkpoint body is at most {MaxBodyBytes} bytes, not {body.Length}.");
        }

        string text;
        try
        {
            text = NoteSyntax.StrictUtf8.GetString(body);
        }
        catch (DecoderFallbackException e)
        {
            throw new NoteFormatException("The add-checkpoint body is not valid UTF-8.", e);
        }

        var split = text.IndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0)
        {
            throw new NoteFormatException("An add-checkpoint body is the old size line, the proof lines, an empty line and the checkpoint.");
        }

        var lines = text[..split].Split('\n');
        if (!lines[0].StartsWith("old ", StringComparison.Ordinal) || !TryParseSize(lines[0][4..], out var oldSize))
        {
            throw new NoteFormatException($"The first line must be 'old <size>' in decimal without leading zeros, not '{lines[0]}'.");
        }

        if (lines.Length - 1 > MaxProofLines)
        {
            throw new NoteFormatException($"A consistency proof has at most {MaxProofLines} hashes, not {lines.Length - 1}.");
        }

        var proof = new Sha256Hash[lines.Length - 1];
        for (var i = 1; i < lines.Length; i++)
        {
            if (!NoteSyntax.TryDecodeBase64(lines[i], out var hash) || hash.Length != Sha256Hash.Size)
            {
                throw new NoteFormatException($"Consistency proof line {i} is not the base64 of a 32-byte hash: '{lines[i]}'.");
            }

            proof[i - 1] = Sha256Hash.FromBytes(hash);
        }

        return new AddCheckpointRequest(oldSize, proof, text[(split + 2)..]);
    }

    private static bool TryParseSize(string digits, out long size)
    {
        size = 0;
        return digits.Length > 0
            && digits.All(char.IsAsciiDigit)
            && (digits == "0" || digits[0] != '0')
            && long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out size);
    }
}
