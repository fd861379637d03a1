using System.Globalization;
using Dream.Ledger.Server.Cli;
using Dream.Transparency.Merkle;
using Microsoft.Data.Sqlite;

namespace Dream.Ledger.Tests;

/// <summary>Corruption at rest: <c>verify --data-dir</c> finds every flipped byte of live data; <c>run</c> refuses an altered log.</summary>
public sealed class IntegrityTests
{
    /// <summary>About this many flips per run, spread over the whole file.</summary>
    private const int Flips = 1500;

    private static readonly byte[] Masks = [0x01, 0x80, 0xFF, 0x10];

    [Fact]
    public async Task Verify_finds_every_flipped_byte_of_live_data_across_the_whole_database_file()
    {
        using var temp = new TemporaryDirectory();
        var original = await BuildLedgerDatabaseAsync(temp);
        var pristine = await File.ReadAllBytesAsync(original);
        var expected = Dump(original);
        Assert.Equal(0, await VerifyAsync(temp.Combine("copy-check"), pristine, flip: -1));

        // An odd stride is coprime with the page size: the flips fall at every offset within a page over the file.
        var stride = (pristine.Length / Flips) | 1;
        var damaged = 0;
        var harmless = 0;
        var missed = new List<string>();
        var falseAlarms = new List<string>();
        for (var offset = 0; offset < pristine.Length; offset += stride)
        {
            var directory = temp.Combine($"flip-{offset}");
            var exit = await VerifyAsync(directory, pristine, offset);
            var file = Path.Combine(directory, LedgerDataDirectory.DatabaseFileName);
            var dump = Dump(file);
            if (dump != expected)
            {
                damaged++;
                if (exit != 1)
                {
                    var difference = dump.Split('\n').Except(expected.Split('\n')).FirstOrDefault();
                    missed.Add($"offset {offset} (page {(offset / 4096) + 1}, byte {offset % 4096}): verify exited {exit}; the file now reads {difference}");
                }
            }
            else
            {
                harmless++;
                if (exit != 0)
                {
                    falseAlarms.Add($"offset {offset}: verify exited {exit} though the data reads the same");
                }
            }

            Directory.Delete(directory, recursive: true);
        }

        Assert.True(missed.Count == 0, $"{missed.Count} of {damaged} flips in live data not found:\n{string.Join("\n", missed.Take(40))}");
        Assert.True(falseAlarms.Count == 0, string.Join("\n", falseAlarms.Take(40)));

        // Most of a small ledger's file is live data; the rest is free or unused space within pages.
        Assert.True(damaged > harmless / 4, $"{damaged} flips in live data, {harmless} harmless: the database is not what this test assumes");
    }

    [Fact]
    public async Task Run_refuses_an_altered_log_in_one_line_with_exit_2()
    {
        await using var ledger = await TestLedger.StartAsync();
        var agent = await ledger.AddApprovedAgentAsync();
        for (var i = 0; i < 6; i++)
        {
            await agent.PublishAsync(agent.Next());
        }

        var last = await agent.WaitForReceiptAsync(6);
        await ledger.Server.Checkpoints.SignIfGrownAsync();
        await ledger.StopServerAsync();
        var configFile = ledger.Directory.Combine("ledger.json");
        await File.WriteAllTextAsync(configFile, ledger.Config.ToJson());
        var database = Path.Combine(ledger.Config.DataDir, LedgerDataDirectory.DatabaseFileName);

        // Reading 3 sits in the middle of the chain. First its bytes alone change, then its leaf hash is
        // recomputed to match (as someone covering their tracks would): either way the server refuses.
        var index = last.LogIndex - 3;
        foreach (var rewriteLeaf in new[] { false, true })
        {
            using (var connection = new SqliteConnection($"Data Source={database};Pooling=False"))
            {
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT data FROM entries WHERE idx = $i";
                command.Parameters.AddWithValue("$i", index);
                var data = (byte[])command.ExecuteScalar()!;
                var altered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(data).Replace("\"dream\":1", "\"dream\":1 ", StringComparison.Ordinal));
                command.CommandText = rewriteLeaf ? "UPDATE entries SET data = $d, leaf = $l WHERE idx = $i" : "UPDATE entries SET data = $d WHERE idx = $i";
                command.Parameters.AddWithValue("$d", altered);
                command.Parameters.AddWithValue("$l", Rfc6962.HashLeaf(altered).ToArray());
                Assert.Equal(1, command.ExecuteNonQuery());
            }

            await using var process = LedgerProcess.Run(configFile);
            var exit = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
            var lines = process.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(exit == 2, process.ToString());
            Assert.True(lines.Length == 1, process.ToString());
            Assert.StartsWith("error: Refusing to serve ", lines[0], StringComparison.Ordinal);
            Assert.Contains("does not match its latest signed checkpoint", lines[0], StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", process.ToString(), StringComparison.Ordinal);
        }

        await Assert.ThrowsAsync<Dream.Ledger.Log.LedgerIntegrityException>(ledger.StartServerAsync);
    }

    /// <summary>
    /// A ledger with what a real one holds: two devices, a gap, a revoked passport, submitted passports,
    /// several checkpoints. Returns its database file, the WAL folded in (the copy is one file).
    /// </summary>
    private static async Task<string> BuildLedgerDatabaseAsync(TemporaryDirectory temp)
    {
        var database = temp.Combine("ledger.db");
        await using (var ledger = await TestLedger.StartAsync())
        {
            var first = await ledger.AddApprovedAgentAsync();
            var second = await ledger.AddApprovedAgentAsync();
            for (var i = 1; i <= 6; i++)
            {
                await first.PublishAsync(first.Next());
                await first.WaitForReceiptAsync(i);
                await ledger.Server.Checkpoints.SignIfGrownAsync();
            }

            var readings = Enumerable.Range(0, 4).Select(_ => second.Next()).ToArray();
            await second.PublishAsync(readings[0], readings[2]);
            await second.PublishAsync(readings[3]);
            var receipt = await second.WaitForReceiptAsync(1);
            using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
            {
                await ledger.Server.Engine.WaitForSizeAsync(receipt.LogIndex + 3, timeout.Token);
            }

            await ledger.RevokeAsync(second.Passport.Id, "meter replaced");
            await ledger.StopServerAsync();
            var data = Path.Combine(ledger.Config.DataDir, LedgerDataDirectory.DatabaseFileName);
            File.Copy(data, database);
            if (File.Exists(data + "-wal"))
            {
                File.Copy(data + "-wal", database + "-wal");
            }
        }

        using (var connection = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            command.ExecuteNonQuery();
        }

        foreach (var suffix in new[] { "-wal", "-shm" })
        {
            File.Delete(database + suffix);
        }

        return database;
    }

    private static async Task<int> VerifyAsync(string directory, byte[] pristine, int flip)
    {
        Directory.CreateDirectory(directory);
        var bytes = (byte[])pristine.Clone();
        if (flip >= 0)
        {
            // One bit (low, high) or the whole byte: low bits turn text into blob and integer into float.
            bytes[flip] ^= Masks[flip % Masks.Length];
        }

        await File.WriteAllBytesAsync(Path.Combine(directory, LedgerDataDirectory.DatabaseFileName), bytes);
        using var output = new StringWriter();
        var exit = await VerifyCommand.RunAsync(new VerifyOptions { DataDir = directory }, output, output, CancellationToken.None);
        SqliteConnection.ClearAllPools();
        return exit;
    }

    /// <summary>
    /// Everything the file says, as a reader sees it: the schema, every row of every table and the time
    /// index's entries, or the error reading it. Leaves out only the two timestamps nothing derives or
    /// signs (when a checkpoint was signed, when a passport was submitted), which an audit cannot check.
    /// </summary>
    private static string Dump(string file)
    {
        var text = new StringBuilder();
        try
        {
            using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
            connection.Open();
            using (var check = connection.CreateCommand())
            {
                check.CommandText = "PRAGMA integrity_check";
                text.AppendLine(CultureInfo.InvariantCulture, $"integrity: {check.ExecuteScalar()}");
            }

            foreach (var query in new[]
            {
                "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name",
                "SELECT key, value FROM meta ORDER BY key",
                "SELECT idx, kind, device, seq, data, leaf FROM entries ORDER BY idx",
                "SELECT level, idx, hash FROM nodes ORDER BY level, idx",
                "SELECT id, did FROM devices ORDER BY id",
                "SELECT device, seq, log_index, hash, prev, start_ms, end_ms, import_wh, export_wh FROM readings ORDER BY device, seq",
                "SELECT size, root, note FROM checkpoints ORDER BY size",
                "SELECT id, device, envelope, status FROM pending_passports ORDER BY id",
                "SELECT id, received_ms, topic, device, seq, reason, detail, data FROM quarantine ORDER BY id",
            })
            {
                using var command = connection.CreateCommand();
                command.CommandText = query;
                using var reader = command.ExecuteReader();
                text.AppendLine(query);
                while (reader.Read())
                {
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        var value = reader.GetValue(i);
                        text.Append(CultureInfo.InvariantCulture, $"{value.GetType().Name}:{(value is byte[] blob ? Convert.ToHexString(blob) : Convert.ToString(value, CultureInfo.InvariantCulture))}|");
                    }

                    text.AppendLine();
                }
            }
        }
        catch (SqliteException e)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"unreadable: {e.Message}");
        }

        return text.ToString();
    }
}
