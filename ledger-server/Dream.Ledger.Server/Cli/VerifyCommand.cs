using Dream.Crypto;
using Dream.Ledger.Audit;
using Dream.Transparency.Notes;

namespace Dream.Ledger.Server.Cli;

/// <summary><c>dream-ledger verify</c>: audits from scratch, prints a summary, returns 1 on any discrepancy.</summary>
public static class VerifyCommand
{
    public static async Task<int> RunAsync(string? url, string? dataDir, string? keyFile, string? checkpointFile, TextWriter output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(output);
        if ((url is null) == (dataDir is null))
        {
            await output.WriteLineAsync("Give exactly one of --url and --data-dir.");
            return 2;
        }

        var trusted = checkpointFile is not null && File.Exists(checkpointFile) ? await File.ReadAllTextAsync(checkpointFile, ct) : null;
        AuditReport report;
        if (url is not null)
        {
            using var auditor = keyFile is null ? null : KeyFile.Read(keyFile);
            using var http = new HttpClient { BaseAddress = new Uri(url.TrimEnd('/') + "/") };
            report = await LedgerAuditor.AuditAsync(new HttpAuditSource(http, auditor), trusted, ct);
        }
        else
        {
            var directory = new LedgerDataDirectory(dataDir!);
            using var store = directory.OpenStore();
            using var key = directory.LoadKey();
            var origin = store.GetMeta(LedgerDataDirectory.OriginMetaKey) ?? string.Empty;
            report = await LedgerAuditor.AuditAsync(new StoreAuditSource(store, NoteVerifier.Create(origin, key.PublicKey).VerifierKey), trusted, ct);
        }

        var state = report.State;
        await output.WriteLineAsync($"entries:      {report.Entries} ({report.Withheld} withheld from this requester)");
        await output.WriteLineAsync($"checkpoints:  {report.CheckpointsVerified} verified; latest {report.Latest}");
        if (state is not null)
        {
            await output.WriteLineAsync($"participants: {state.Participants.Count}");
            await output.WriteLineAsync($"passports:    {state.Passports.Count} approved, {state.Passports.Values.Count(p => p.Revocation is not null)} revoked");
            await output.WriteLineAsync($"readings:     {state.ReadingCount} from {state.Chains.Count} devices, {state.Chains.Values.Sum(c => c.Gaps().Count())} open gaps");
            await MarketSummary.WriteAsync(state, output);
        }

        foreach (var note in report.Notes)
        {
            await output.WriteLineAsync($"ok: {note}");
        }

        foreach (var problem in report.Problems)
        {
            await output.WriteLineAsync($"PROBLEM: {problem}");
        }

        if (report.Ok && checkpointFile is not null && report.LatestNote is not null)
        {
            await File.WriteAllTextAsync(checkpointFile, report.LatestNote, ct);
        }

        await output.WriteLineAsync(report.Ok ? "VERIFIED" : $"FAILED: {report.Problems.Count} problem(s)");
        return report.Ok ? 0 : 1;
    }
}
