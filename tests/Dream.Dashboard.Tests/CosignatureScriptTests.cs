using Dream.Crypto;
using Dream.Transparency.Notes;
using Dream.Transparency.Witnesses;

namespace Dream.Dashboard.Tests;

/// <summary>The page's witness check (js/checkpoint.js) in chromium: cosignature/v1 made by the C# witness code, k of n.</summary>
[Collection(DashboardTestGroup.Name)]
public sealed class CosignatureScriptTests(DashboardFixture fixture)
{
    [Fact]
    public async Task The_browser_counts_valid_cosignatures_against_the_threshold_and_refuses_an_altered_checkpoint()
    {
        using var key1 = Ed25519PrivateKey.Generate();
        using var key2 = Ed25519PrivateKey.Generate();
        var w1 = new CosignatureSigner("witness.test/w1", key1);
        var w2 = new CosignatureSigner("witness.test/w2", key2);
        var note = fixture.Ledger.Server.Checkpoints.Latest!.Note;
        var cosigned = note + w1.SignatureLine(SignedNote.Parse(note).Text, 1_764_000_000);
        var lines = cosigned.Split('\n');
        lines[2] = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
        var altered = string.Join('\n', lines);

        var page = await fixture.OpenAsync();
        var results = await page.EvaluateAsync<JsonElement>("""
            async ([cosigned, altered, k1, k2, logKey]) => {
              const c = await import('/dashboard/js/checkpoint.js');
              const one = await c.checkWitnesses(c.parseCheckpoint(cosigned), [k1, k2], 1);
              const both = await c.checkWitnesses(c.parseCheckpoint(cosigned), [k1, k2], 2);
              const forged = await c.checkWitnesses(c.parseCheckpoint(altered), [k1], 1);
              let notWitnessKey;
              try { await c.parseWitnessKey(logKey); notWitnessKey = 'accepted'; } catch (e) { notWitnessKey = e.message; }
              return { one: one.ok, valid: one.valid, time: one.results[0].time, both: both.ok, forged: forged.ok, notWitnessKey };
            }
            """, new[] { cosigned, altered, w1.Verifier.VerifierKey, w2.Verifier.VerifierKey, fixture.Ledger.Server.Checkpoints.VerifierKey });

        Assert.True(results.GetProperty("one").GetBoolean());
        Assert.Equal(1, results.GetProperty("valid").GetInt32());
        Assert.Equal(1_764_000_000_000L, results.GetProperty("time").GetInt64());
        Assert.False(results.GetProperty("both").GetBoolean());
        Assert.False(results.GetProperty("forged").GetBoolean());
        Assert.Contains("type byte 0x04", results.GetProperty("notWitnessKey").GetString(), StringComparison.Ordinal);
    }
}
