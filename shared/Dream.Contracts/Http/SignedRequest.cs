using System.Globalization;
using System.Text;

namespace Dream.Contracts.Http;

/// <summary>
/// An HTTP request signed by a participant: headers <c>Dream-Signer</c> (did:key), <c>Dream-Timestamp</c>
/// (Unix ms) and <c>Dream-Signature</c> (base64 Ed25519 over the UTF-8 text
/// <c>"dream-request/1\n" + METHOD + "\n" + target + "\n" + timestamp</c>), where target is the request-target as sent
/// on the request line (path and query, percent-encoding untouched). See docs/ledger.md and docs/formats.md.
/// Participants (<c>dream</c>, the demo, auditors) sign with it and the ledger verifies with it: one text, one place.
/// </summary>
public static class SignedRequest
{
    public const string SignerHeader = "Dream-Signer";
    public const string TimestampHeader = "Dream-Timestamp";
    public const string SignatureHeader = "Dream-Signature";

    /// <summary>
    /// Response header: the ledger's clock (Unix ms) when it took the request. A demo's ledger runs on an accelerated
    /// clock that the HTTP <c>Date</c> header (real time) does not show, and timestamps are checked against it.
    /// </summary>
    public const string TimeHeader = "Dream-Time";
    public static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(5);

    public static byte[] SignedText(string method, string pathAndQuery, long timestampMs) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"dream-request/1\n{method.ToUpperInvariant()}\n{pathAndQuery}\n{timestampMs}"));

    /// <summary>The three header values for a request.</summary>
    public static (string Signer, string Timestamp, string Signature) Sign(Ed25519PrivateKey key, string method, string pathAndQuery, long timestampMs)
    {
        ArgumentNullException.ThrowIfNull(key);
        var signature = key.Sign(SignedText(method, pathAndQuery, timestampMs));
        return (key.PublicKey.Did, timestampMs.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(signature));
    }

    /// <summary>
    /// Signs <paramref name="request"/> as <paramref name="key"/>: adds the three headers over its method and
    /// <paramref name="target"/>, which must be the request-target as it will go on the request line (the client's
    /// base address is not in the request yet, so the caller names it).
    /// </summary>
    public static void AddHeaders(HttpRequestMessage request, Ed25519PrivateKey key, string target, long timestampMs)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (signer, timestamp, signature) = Sign(key, request.Method.Method, target, timestampMs);
        request.Headers.Add(SignerHeader, signer);
        request.Headers.Add(TimestampHeader, timestamp);
        request.Headers.Add(SignatureHeader, signature);
    }

    /// <summary>The signer's DID when the headers verify and the timestamp is within <paramref name="maxSkew"/> (default <see cref="MaxSkew"/>); otherwise null and why.</summary>
    public static string? Verify(string? signer, string? timestamp, string? signature, string method, string pathAndQuery, long nowMs, out string error, TimeSpan? maxSkew = null)
    {
        var skew = maxSkew ?? MaxSkew;
        if (signer is null || timestamp is null || signature is null)
        {
            error = $"The request is not signed (headers {SignerHeader}, {TimestampHeader}, {SignatureHeader}).";
            return null;
        }

        if (!DidKey.TryDecode(signer, out var key) || key is null)
        {
            error = $"{SignerHeader} is not an Ed25519 did:key.";
            return null;
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var ts) || Math.Abs(nowMs - ts) > (long)skew.TotalMilliseconds)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"{TimestampHeader} is not a Unix time in ms within {skew.TotalSeconds} s of the server's clock ({nowMs}, also in every response's {TimeHeader} header).");
            return null;
        }

        Span<byte> raw = stackalloc byte[64];
        if (!Convert.TryFromBase64String(signature, raw, out var written) || written != 64 || !key.Verify(SignedText(method, pathAndQuery, ts), raw))
        {
            error = $"{SignatureHeader} does not verify.";
            return null;
        }

        error = string.Empty;
        return signer;
    }
}
