using Dream.Ledger.Log;

namespace Dream.Ledger.Postgres;

// Reads of the log and the tree, and the rows written outside a commit: checkpoints, submitted passports.
public sealed partial class PostgresLedgerStore
{
    public async Task<IReadOnlyList<StoredEntry>> ReadEntriesAsync(long start, int count, CancellationToken cancellationToken = default)
    {
        await using var command = _source.CreateCommand(
            "SELECT e.idx, e.kind, e.data, e.leaf, d.did, e.seq FROM entries e LEFT JOIN devices d ON d.id = e.device WHERE e.idx >= @a AND e.idx < @b ORDER BY e.idx");
        command.Parameters.AddWithValue("a", start);
        command.Parameters.AddWithValue("b", Math.Min(start + count, Size));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<StoredEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new StoredEntry(reader.GetInt64(0), (EntryKind)reader.GetInt16(1), (byte[])reader[2], Sha256Hash.FromBytes((byte[])reader[3]),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? 0 : reader.GetInt64(5)));
        }

        return result;
    }

    /// <summary>Reads each run of consecutive nodes of one level with one range query (<see cref="NodeRuns"/>).</summary>
    public async ValueTask ReadNodesAsync(IReadOnlyList<NodeId> nodes, Memory<Sha256Hash> hashes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        if (nodes.Count == 0)
        {
            return;
        }

        await using var connection = await _source.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT idx, hash FROM nodes WHERE level = @l AND idx >= @a AND idx < @b ORDER BY idx", connection);
        var level = command.Parameters.Add("l", NpgsqlDbType.Smallint);
        var from = command.Parameters.Add("a", NpgsqlDbType.Bigint);
        var to = command.Parameters.Add("b", NpgsqlDbType.Bigint);
        for (var start = 0; start < nodes.Count;)
        {
            var end = NodeRuns.End(nodes, start);
            level.Value = (short)nodes[start].Level;
            from.Value = nodes[start].Index;
            to.Value = nodes[start].Index + (end - start);
            var next = start;
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken) && next < end && reader.GetInt64(0) == nodes[next].Index)
                {
                    hashes.Span[next++] = Sha256Hash.FromBytes((byte[])reader[1]);
                }
            }

            NodeRuns.CheckFilled(nodes, next, end);
            start = end;
        }
    }

    public Task SaveCheckpointAsync(StoredCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return WriteAsync(async () =>
        {
            await using var command = _source.CreateCommand("""
                INSERT INTO checkpoints(size, root, note, signed_ms) VALUES (@s, @r, @n, @t)
                ON CONFLICT (size) DO UPDATE SET root = excluded.root, note = excluded.note, signed_ms = excluded.signed_ms
                """);
            command.Parameters.AddWithValue("s", checkpoint.Size);
            command.Parameters.AddWithValue("r", checkpoint.Root.ToArray());
            command.Parameters.AddWithValue("n", checkpoint.Note);
            command.Parameters.AddWithValue("t", checkpoint.SignedAtMs);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }, $"save the checkpoint of size {checkpoint.Size}");
    }

    public async Task<StoredCheckpoint?> LatestCheckpointAsync(CancellationToken cancellationToken = default)
    {
        var found = await QueryCheckpointsAsync("ORDER BY size DESC LIMIT 1", cancellationToken);
        return found.Count > 0 ? found[0] : null;
    }

    public Task<IReadOnlyList<StoredCheckpoint>> CheckpointsAsync(CancellationToken cancellationToken = default) =>
        QueryCheckpointsAsync("ORDER BY size", cancellationToken);

    public async Task<IReadOnlyList<QuarantineRecord>> QuarantineAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var command = _source.CreateCommand($"SELECT {StoreRows.QuarantineColumns} FROM quarantine ORDER BY id DESC LIMIT @n");
        command.Parameters.AddWithValue("n", (long)Math.Max(0, limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<QuarantineRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(StoreRows.Quarantine(reader));
        }

        return result;
    }

    public IReadOnlyList<QuarantineCount> QuarantineCounts()
    {
        using var command = _source.CreateCommand($"SELECT {StoreRows.QuarantineCountColumns} FROM quarantine_counts ORDER BY last_ms DESC");
        return StoreRows.ReadAll(command, StoreRows.QuarantineCount);
    }

    public Task AddPendingPassportAsync(PendingPassport passport, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(passport);
        return WriteAsync(async () =>
        {
            await using var command = _source.CreateCommand(
                "INSERT INTO pending_passports(id, device, envelope, submitted_ms, status) VALUES (@i, @d, @e, @t, @s) ON CONFLICT (id) DO NOTHING");
            command.Parameters.AddWithValue("i", passport.Id);
            command.Parameters.AddWithValue("d", passport.Device);
            command.Parameters.AddWithValue("e", passport.Envelope);
            command.Parameters.AddWithValue("t", passport.SubmittedAtMs);
            command.Parameters.AddWithValue("s", passport.Status);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }, "store the submitted passport");
    }

    public async Task<PendingPassport?> PendingPassportAsync(string id, CancellationToken cancellationToken = default)
    {
        var found = await QueryPassportsAsync(id, cancellationToken);
        return found.Count > 0 ? found[0] : null;
    }

    public Task<IReadOnlyList<PendingPassport>> PendingPassportsAsync(CancellationToken cancellationToken = default) =>
        QueryPassportsAsync(null, cancellationToken);

    private async Task<IReadOnlyList<StoredCheckpoint>> QueryCheckpointsAsync(string order, CancellationToken cancellationToken)
    {
        await using var command = _source.CreateCommand($"SELECT {StoreRows.CheckpointColumns} FROM checkpoints {order}");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<StoredCheckpoint>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(StoreRows.Checkpoint(reader));
        }

        return result;
    }

    private async Task<IReadOnlyList<PendingPassport>> QueryPassportsAsync(string? id, CancellationToken cancellationToken)
    {
        await using var command = _source.CreateCommand(
            $"SELECT {StoreRows.PendingPassportColumns} FROM pending_passports {(id is null ? string.Empty : "WHERE id = @i")} ORDER BY submitted_ms");
        if (id is not null)
        {
            command.Parameters.AddWithValue("i", id);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<PendingPassport>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(StoreRows.PendingPassport(reader));
        }

        return result;
    }
}
