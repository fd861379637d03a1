using Dream.Contracts.Http;
using Dream.Ledger.Audit;
using Dream.Ledger.Server.Cli;
using Dream.Transparency.Merkle;
using Dream.Transparency.Tiles;

namespace Dream.Ledger.Tests.Tiles;

/// <summary>
/// A real ledger serves its tree as C2SP tlog-tiles beside the checkpoint: tiles public and cacheable, entry bundles
/// to auditors; an independent Python reader gets the checkpoint's root from the tiles, and the HTTP audit reads
/// tiles, not the per-entry or proof API.
/// </summary>
public sealed class TiledLogTests
{
    [Fact]
    public async Task Tiles_and_bundles_are_served_and_the_audit_reads_them()
    {
        await using var ledger = await TestLedger.StartAsync();
        using var agency = Ed25519PrivateKey.Generate();
        using var consumer = Ed25519PrivateKey.Generate();
        await RegisterAsync(ledger, agency.PublicKey.Did, "verification-agency");
        await RegisterAsync(ledger, consumer.PublicKey.Did, "consumer");
        while (ledger.Server.Engine.Head.Size < 300)
        {
            using var participant = Ed25519PrivateKey.Generate();
            await RegisterAsync(ledger, participant.PublicKey.Did, "consumer");
        }

        var checkpoint = await ledger.Server.Checkpoints.SignIfGrownAsync();
        var size = checkpoint.Size;
        var entries = await ledger.Server.Store.ReadEntriesAsync(0, (int)size);

        // Level 0: leaf hashes, full tile immutable, partial tile short-lived.
        using var full = await ledger.Public.GetAsync("log/tile/0/000");
        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        Assert.Equal("application/octet-stream", full.Content.Headers.ContentType?.MediaType);
        Assert.Contains("immutable", full.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        Assert.Equal(entries.Take(256).SelectMany(e => e.LeafHash.ToArray()), await full.Content.ReadAsByteArrayAsync());
        using var partial = await ledger.Public.GetAsync($"log/tile/0/001.p/{size - 256}");
        Assert.Equal(HttpStatusCode.OK, partial.StatusCode);
        Assert.DoesNotContain("immutable", partial.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        Assert.Equal(entries.Skip(256).SelectMany(e => e.LeafHash.ToArray()), await partial.Content.ReadAsByteArrayAsync());

        // Level 1: the root of the first 256 leaves.
        var level1 = await ledger.Public.GetByteArrayAsync("log/tile/1/000.p/1");
        Assert.Equal((await MerkleProofs.RootAsync(ledger.Server.Store, 256)).ToArray(), level1);
        Assert.Equal(HttpStatusCode.NotFound, (await ledger.Public.GetAsync("log/tile/0/002")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ledger.Public.GetAsync("log/tile/0/x000/001")).StatusCode);

        // Entry bundles: refused unsigned and to a consumer, served to the verification agency.
        Assert.Equal(HttpStatusCode.Forbidden, (await ledger.Public.GetAsync("log/tile/entries/000")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SignedGetAsync(ledger, consumer, "/log/tile/entries/000")).StatusCode);
        using var bundle = await SignedGetAsync(ledger, agency, "/log/tile/entries/000");
        Assert.Equal(HttpStatusCode.OK, bundle.StatusCode);
        Assert.True(bundle.Headers.CacheControl?.Private, bundle.Headers.CacheControl?.ToString());
        Assert.Equal(entries.Take(256).Select(e => e.Data), EntryBundle.Decode(await bundle.Content.ReadAsByteArrayAsync()));

        // An independent reader (Python, hashlib only) gets the checkpoint's root from the level-0 tiles.
        var python = await ExternalProgram.RunAsync("/usr/bin/python3", ["-c", PythonRoot, ledger.Config.Listen], timeout: TimeSpan.FromSeconds(60));
        Assert.True(python.ExitCode == 0, python.ToString());
        Assert.Equal($"{size} {checkpoint.Root.ToBase64()} ok", python.StandardOutput.Trim());

        // The audit over HTTP reads tiles and bundles only (no /log/entries, no /log/proof), and sees everything.
        var (report, paths) = await AuditAsync(ledger, agency);
        Assert.True(report.Ok, string.Join("\n", report.Problems));
        Assert.Equal((size, 0L), (report.Entries, report.Withheld));
        Assert.Contains("log/tile/0/000", paths);
        Assert.Contains("log/tile/entries/000", paths);
        Assert.DoesNotContain(paths, p => p.StartsWith("log/entries", StringComparison.Ordinal) || p.StartsWith("log/proof", StringComparison.Ordinal));

        // Without a key: tiles only, every entry withheld, still verified against the signed roots.
        (report, paths) = await AuditAsync(ledger, null);
        Assert.True(report.Ok, string.Join("\n", report.Problems));
        Assert.Equal(size, report.Withheld);
        Assert.DoesNotContain(paths, p => p.Contains("entries", StringComparison.Ordinal));

        // A requester without bundles falls back to what /log/entries shows them.
        (report, paths) = await AuditAsync(ledger, consumer);
        Assert.True(report.Ok, string.Join("\n", report.Problems));
        Assert.Contains(paths, p => p.StartsWith("log/entries", StringComparison.Ordinal));

        // A tile that lies is caught: the audit's roots no longer match the signed checkpoint.
        var file = ledger.Server.Checkpoints.Tiles!.FileOf(TileId.Tile(0, 0));
        var bytes = await File.ReadAllBytesAsync(file);
        bytes[0] ^= 1;
        await File.WriteAllBytesAsync(file, bytes);
        (report, _) = await AuditAsync(ledger, null);
        Assert.False(report.Ok);
    }

    private const string PythonRoot = """
        import base64, hashlib, sys, urllib.request
        base = sys.argv[1] + "/log/"
        lines = urllib.request.urlopen(base + "checkpoint").read().decode().split("\n")
        size, root = int(lines[1]), lines[2]
        leaves = []
        for n in range((size + 255) // 256):
            width = min(256, size - 256 * n)
            path = "tile/0/%03d" % n + ("" if width == 256 else ".p/%d" % width)
            data = urllib.request.urlopen(base + path).read()
            leaves += [data[i:i + 32] for i in range(0, 32 * width, 32)]
        def mth(hashes):
            if len(hashes) == 1:
                return hashes[0]
            k = 1
            while k * 2 < len(hashes):
                k *= 2
            return hashlib.sha256(b"\x01" + mth(hashes[:k]) + mth(hashes[k:])).digest()
        computed = base64.b64encode(mth(leaves)).decode()
        print(size, root, "ok" if computed == root else "MISMATCH " + computed)
        """;

    private static async Task RegisterAsync(TestLedger ledger, string did, string role)
    {
        using var response = await ledger.Admin.PostAsJsonAsync("admin/v1/participants", new { did, role, name = "Participant" });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<HttpResponseMessage> SignedGetAsync(TestLedger ledger, Ed25519PrivateKey key, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path.TrimStart('/'));
        SignedRequest.AddHeaders(request, key, path, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        return await ledger.Public.SendAsync(request);
    }

    private static async Task<(AuditReport Report, List<string> Paths)> AuditAsync(TestLedger ledger, Ed25519PrivateKey? key)
    {
        var recorder = new RecordingHandler();
        using var http = new HttpClient(recorder) { BaseAddress = new Uri(ledger.Config.Listen + "/") };
        var report = await LedgerAuditor.AuditAsync(new HttpAuditSource(http, key), null);
        return (report, recorder.Paths);
    }

    private sealed class RecordingHandler() : DelegatingHandler(new HttpClientHandler())
    {
        public List<string> Paths { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Paths)
            {
                Paths.Add(request.RequestUri!.PathAndQuery.TrimStart('/'));
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
