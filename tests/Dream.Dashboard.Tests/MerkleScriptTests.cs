using System.Globalization;

namespace Dream.Dashboard.Tests;

/// <summary>The page's own verifiers run in chromium: RFC 9162 inclusion (js/merkle.js) on the transparency-dev/merkle vectors, checkpoint signatures (js/checkpoint.js).</summary>
[Collection(DashboardTestGroup.Name)]
public sealed class MerkleScriptTests(DashboardFixture fixture)
{
    [Fact]
    public async Task The_browser_verifier_accepts_every_good_inclusion_proof_and_rejects_every_broken_one()
    {
        var root = Path.Combine(AppContext.BaseDirectory, "testdata", "inclusion");
        var vectors = Directory.EnumerateFiles(root, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(file =>
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            var v = json.RootElement;
            // uint64 values as decimal strings: JavaScript numbers would round 2^64 - 1
            return new
            {
                name = Path.GetRelativePath(root, file),
                index = v.GetProperty("leafIdx").GetUInt64().ToString(CultureInfo.InvariantCulture),
                size = v.GetProperty("treeSize").GetUInt64().ToString(CultureInfo.InvariantCulture),
                root = v.GetProperty("root").ValueKind == JsonValueKind.Null ? "" : v.GetProperty("root").GetString(),
                leaf = v.GetProperty("leafHash").ValueKind == JsonValueKind.Null ? "" : v.GetProperty("leafHash").GetString(),
                proof = v.GetProperty("proof").ValueKind == JsonValueKind.Null ? [] : v.GetProperty("proof").EnumerateArray().Select(p => p.GetString()).ToArray(),
                wantErr = v.GetProperty("wantErr").GetBoolean(),
            };
        }).ToList();
        Assert.Equal(98, vectors.Count);

        var page = await fixture.OpenAsync();
        var results = await page.EvaluateAsync<JsonElement>("""
            async (vectors) => {
              const { verifyInclusion } = await import('/dashboard/js/merkle.js');
              const { fromBase64 } = await import('/dashboard/js/bytes.js');
              const out = [];
              for (const v of vectors) {
                let ok;
                try {
                  ok = (await verifyInclusion(BigInt(v.index), BigInt(v.size), fromBase64(v.leaf), v.proof.map(fromBase64), fromBase64(v.root))).ok;
                } catch {
                  ok = false;
                }
                out.push({ name: v.name, ok });
              }
              return out;
            }
            """, vectors);

        var wrong = results.EnumerateArray().Zip(vectors)
            .Where(pair => pair.First.GetProperty("ok").GetBoolean() == pair.Second.wantErr)
            .Select(pair => $"{pair.Second.name}: verified={pair.First.GetProperty("ok").GetBoolean()}, wantErr={pair.Second.wantErr}")
            .ToList();
        Assert.Empty(wrong);
        Assert.Contains(vectors, v => !v.wantErr);
        Assert.Contains(vectors, v => v.wantErr);
    }

    [Fact]
    public async Task The_browser_checks_the_checkpoint_signature_and_refuses_an_altered_note_or_a_wrong_key()
    {
        var note = fixture.Ledger.Server.Checkpoints.Latest!.Note;
        var key = fixture.Ledger.Server.Checkpoints.VerifierKey;
        var lines = note.Split('\n');
        lines[1] = (long.Parse(lines[1], CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);
        var altered = string.Join('\n', lines);
        var otherName = key.Replace("ledger.test/dream+", "ledger.test/other+", StringComparison.Ordinal);

        var page = await fixture.OpenAsync();
        var results = await page.EvaluateAsync<JsonElement>("""
            async ([note, altered, key, otherName]) => {
              const c = await import('/dashboard/js/checkpoint.js');
              const verifier = await c.parseVerifierKey(key);
              const genuine = await c.verifyCheckpointSignature(c.parseCheckpoint(note), verifier);
              const forged = await c.verifyCheckpointSignature(c.parseCheckpoint(altered), verifier);
              let renamed;
              try { await c.parseVerifierKey(otherName); renamed = 'accepted'; } catch (e) { renamed = e.message; }
              return { genuine: genuine.ok, supported: genuine.supported, forged: forged.ok, renamed };
            }
            """, new[] { note, altered, key, otherName });

        Assert.True(results.GetProperty("supported").GetBoolean(), "chromium has Ed25519 in WebCrypto");
        Assert.True(results.GetProperty("genuine").GetBoolean());
        Assert.False(results.GetProperty("forged").GetBoolean());
        Assert.Contains("does not match the name and key", results.GetProperty("renamed").GetString(), StringComparison.Ordinal);
    }
}
