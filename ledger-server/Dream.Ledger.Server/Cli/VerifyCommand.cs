using System.Data.Common;
using Dream.Crypto;
using Dream.Ledger.Audit;
using Dream.Ledger.Postgres;
using Dream.Ledger.Server.Hosting;
using Dream.Ledger.Storage;
using Dream.Transparency.Merkle;
using Dream.Transparency.Notes;
using Dream.Transparency.Witnesses;

namespace Dream.Ledger.Server.Cli;

/// <summary>
/// <c>dream-ledger verify</c>: audits from scratch, prints a summary, returns 1 on any discrepancy or when the ledger
/// cannot be read, 2 on a usage or configuration error. Needs no secret: a data directory is audited from
/// <c>ledger.db</c> alone, a PostgreSQL ledger from its database alone (the GA's key is taken from it, or pinned with
/// a verifier key).
/// </summary>
public static class VerifyCommand
{
    public static async Task<int> RunAsync(VerifyOptions options, TextWriter output, TextWriter error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            return await AuditAsync(options, output, ct);
        }
        catch (VerifyUsageException e)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is InsecureKeyFileException or KeyFileFormatException or NoteFormatException or FileNotFoundException or UriFormatException)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is AuditSourceException or HttpRequestException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"FAILED: {e.Message}");
            return 1;
        }
        catch (Exception e) when ((options.DataDir ?? options.Postgres) is not null && e is DbException or InvalidCastException or InvalidOperationException or FormatException or ArgumentException or MerkleNodeNotFoundException)
        {
            // A damaged database file can fail any read; that it cannot be read is the finding.
            await error.WriteLineAsync($"FAILED: the database cannot be read: {e.Message}");
            return 1;
        }
    }

    private static async Task<int> AuditAsync(VerifyOptions options, TextWriter output, CancellationToken ct)
    {
        if (new[] { options.Url, options.DataDir, options.Postgres }.Count(o => o is not null) != 1)
        {
            throw new VerifyUsageException("Give exactly one of --url, --data-dir and --postgres.");
        }

        var pinned = await PinnedVerifierKeyAsync(options, ct);
        var witnesses = await WitnessQuorumAsync(options, ct);
        var checkpointFile = options.CheckpointFile;
        var trusted = checkpointFile is not null && File.Exists(checkpointFile) ? await File.ReadAllTextAsync(checkpointFile, ct) : null;
        AuditReport report;
        if (options.Url is not null)
        {
            if (!Uri.TryCreate(options.Url.TrimEnd('/') + "/", UriKind.Absolute, out var baseAddress))
            {
                throw new VerifyUsageException($"--url '{options.Url}' is not an absolute URL.");
            }

            using var auditor = options.KeyFile is null ? null : KeyFile.Read(options.KeyFile);
            using var http = new HttpClient { BaseAddress = baseAddress };
            report = await LedgerAuditor.AuditAsync(new HttpAuditSource(http, auditor, pinned?.VerifierKey), trusted, witnesses, ct);
        }
        else
        {
            var directory = options.DataDir is null ? null : new LedgerDataDirectory(options.DataDir);
            if (directory is not null && !File.Exists(directory.DatabaseFile))
            {
                var postgres = File.Exists(directory.KeyFile) ? " (a ledger kept in PostgreSQL is audited with --postgres)" : string.Empty;
                throw new VerifyUsageException($"{directory.Path} holds no ledger: there is no {LedgerDataDirectory.DatabaseFileName} in it{postgres}.");
            }

            using var store = LedgerServerStore.OpenReadOnly(options.DataDir ?? string.Empty, options.Postgres);
            var database = directory?.DatabaseFile ?? PostgresLedgerStore.Describe(options.Postgres!);
            var verifier = StoreVerifier(database, directory?.KeyFile, store, pinned, output);
            var source = new StoreAuditSource(store, verifier.VerifierKey);
            report = await LedgerAuditor.AuditAsync(source, trusted, witnesses, ct);
            if (source.UnsignedEntries > 0)
            {
                report.Notes.Add($"{source.UnsignedEntries} entries after the latest checkpoint (not signed yet) checked as well");
            }
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

    private static async Task<WitnessQuorum?> WitnessQuorumAsync(VerifyOptions options, CancellationToken ct)
    {
        if (options.WitnessKeys.Count == 0)
        {
            return options.WitnessThreshold is null ? null : throw new VerifyUsageException("--witness-threshold needs --witness-key (one per trusted witness).");
        }

        var keys = new List<CosignatureVerifier>();
        foreach (var key in options.WitnessKeys)
        {
            var line = File.Exists(key) ? await File.ReadAllTextAsync(key, ct) : key;
            keys.Add(CosignatureVerifier.Parse(line.Trim()));
        }

        try
        {
            return new WitnessQuorum(keys, options.WitnessThreshold ?? keys.Count);
        }
        catch (ArgumentException e)
        {
            throw new VerifyUsageException(e.Message.Split(" (Parameter", 2)[0]);
        }
    }

    private static async Task<NoteVerifier?> PinnedVerifierKeyAsync(VerifyOptions options, CancellationToken ct)
    {
        if (options.VerifierKey is not null && options.VerifierKeyFile is not null)
        {
            throw new VerifyUsageException("Give at most one of --verifier-key and --verifier-key-file.");
        }

        var line = options.VerifierKey ?? (options.VerifierKeyFile is null ? null : await File.ReadAllTextAsync(options.VerifierKeyFile, ct));
        return line is null ? null : NoteVerifier.Parse(line.Trim());
    }

    /// <summary>
    /// The key checkpoints must be signed with: the pinned one, else the GA identity the database records.
    /// The GA's private key, when present, only cross-checks it.
    /// </summary>
    private static NoteVerifier StoreVerifier(string database, string? keyFile, ILedgerStore store, NoteVerifier? pinned, TextWriter output)
    {
        var origin = store.GetMeta(LedgerDataDirectory.OriginMetaKey)
            ?? throw new AuditSourceException($"{database} names no log origin: it is not a ledger database.");
        var recorded = store.GetMeta(LedgerDataDirectory.GridAuthorityMetaKey)
            ?? throw new AuditSourceException($"{database} names no grid authority: it is not a ledger database.");
        var fromDatabase = NoteVerifier.Create(origin, Ed25519PublicKey.FromDid(recorded));
        if (pinned is not null && !string.Equals(pinned.VerifierKey, fromDatabase.VerifierKey, StringComparison.Ordinal))
        {
            throw new AuditSourceException($"The database records the verifier key '{fromDatabase.VerifierKey}', not the pinned '{pinned.VerifierKey}': refusing to audit it.");
        }

        if (keyFile is not null && File.Exists(keyFile))
        {
            using var key = KeyFile.Read(keyFile);
            if (!string.Equals(key.PublicKey.Did, recorded, StringComparison.Ordinal))
            {
                throw new AuditSourceException($"{keyFile} is the key of {key.PublicKey.Did}, but the database records the grid authority {recorded}.");
            }
        }

        output.WriteLine(pinned is null
            ? $"verifier key: {fromDatabase.VerifierKey} (from the database; pin it with --verifier-key)"
            : $"verifier key: {fromDatabase.VerifierKey} (pinned)");
        return fromDatabase;
    }
}
