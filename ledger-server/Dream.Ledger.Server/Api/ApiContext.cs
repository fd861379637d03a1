using Dream.Contracts;
using Dream.Contracts.Http;
using Dream.Ledger.Registry;
using Dream.Ledger.Server.Hosting;
using Microsoft.AspNetCore.Http.Features;

namespace Dream.Ledger.Server.Api;

/// <summary>What the endpoints share: the server, the clock, and who is asking.</summary>
public sealed class ApiContext(LedgerServer server, TimeProvider time, int adminPort)
{
    public LedgerServer Server { get; } = server;

    public TimeProvider Time { get; } = time;

    public int AdminPort { get; } = adminPort;

    public static IResult Error(int status, string code, string message) =>
        ApiJson.Ok(new JsonObject { ["error"] = code, ["message"] = message }, statusCode: status);

    /// <summary>The verified requester DID (null when unsigned), or an error when signature headers are present but bad.</summary>
    public (string? Did, IResult? Error) Requester(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var signer = request.Headers[SignedRequest.SignerHeader].FirstOrDefault();
        if (signer is null)
        {
            return (null, null);
        }

        var did = SignedRequest.Verify(signer, request.Headers[SignedRequest.TimestampHeader].FirstOrDefault(), request.Headers[SignedRequest.SignatureHeader].FirstOrDefault(),
            request.Method, RequestTarget(request), Time.GetUtcNow().ToUnixTimeMilliseconds(), out var error, TimeSpan.FromSeconds(Server.Config.RequestClockSkewSeconds));
        return did is null ? (null, Error(401, "unauthenticated", error)) : (did, null);
    }

    /// <summary>
    /// What a signed request signs: the request-target exactly as it came on the request line (raw: neither decoded
    /// nor re-encoded, so signer and server agree byte for byte), e.g. <c>/log/entries?start=0&amp;count=1000</c>.
    /// </summary>
    public static string RequestTarget(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var raw = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget;
        return raw is { Length: > 0 } && raw[0] == '/' ? raw : request.PathBase + request.Path + request.QueryString;
    }

    /// <summary>All of a device's readings: the grid authority, the device itself, its passports' owners, and admitted auditors (see <see cref="ReadingAccess"/>).</summary>
    public bool MaySeeReadingsOf(string requester, string device) => Server.Engine.ReadState(state => ReadingAccess.SeesAll(state, requester, device));

    /// <summary>The delivery windows (plus grace) of promises whose party <paramref name="requester"/> is, on <paramref name="device"/>'s metering point.</summary>
    public IReadOnlyList<ReadingWindow> ReadingWindowsOf(string requester, string device) => Server.Engine.ReadState(state => ReadingAccess.WindowsOf(state, requester, device));

    /// <summary>One reading of <paramref name="device"/> whose interval is [<paramref name="startMs"/>, <paramref name="endMs"/>].</summary>
    public bool MaySeeReading(string requester, string device, long startMs, long endMs) => Server.Engine.ReadState(state => ReadingAccess.MaySee(state, requester, device, startMs, endMs));

    /// <summary>Whether <paramref name="did"/> is registered with the installer role.</summary>
    public bool IsInstaller(string did) => Server.Engine.ReadState(state => state.Participants.TryGetValue(did, out var p) && p.Role == ParticipantRole.Installer);

    /// <summary>Every entry of the log, so whole entry bundles: the grid authority and admitted auditors (verification agencies).</summary>
    public bool MaySeeEveryEntry(string requester) => Server.Engine.ReadState(state => requester == state.GridAuthorityDid
        || (state.Participants.TryGetValue(requester, out var p) && p.Role == ParticipantRole.VerificationAgency));

    public bool IsParticipant(string requester) => Server.Engine.ReadState(state => state.Participants.ContainsKey(requester));
}
