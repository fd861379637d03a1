using System.Globalization;
using System.Text;

namespace Dream.Transparency.Witnesses;

/// <summary>
/// The Ed25519 cosignature of C2SP tlog-cosignature: a note signature whose key id uses type 0x04 and whose
/// signature is <c>u64 timestamp || Ed25519(message)</c>, the message being <c>cosignature/v1\ntime &lt;t&gt;\n</c>
/// followed by the whole checkpoint text.
/// </summary>
public static class CosignatureV1
{
    /// <summary>The signature type byte of an Ed25519 cosignature/v1 key (key ids and verifier keys).</summary>
    public const byte KeyType = 0x04;

    public const string Header = "cosignature/v1";

    /// <summary>Bytes after the key id: the 8-byte timestamp and the 64-byte signature.</summary>
    public const int SignatureLength = 8 + Crypto.Ed25519.SignatureSize;

    /// <summary>The bytes the witness signs for <paramref name="checkpointText"/> at <paramref name="timestamp"/> (POSIX seconds).</summary>
    public static byte[] Message(long timestamp, string checkpointText)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(timestamp);
        ArgumentNullException.ThrowIfNull(checkpointText);
        return Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Header}\ntime {timestamp}\n{checkpointText}"));
    }
}
