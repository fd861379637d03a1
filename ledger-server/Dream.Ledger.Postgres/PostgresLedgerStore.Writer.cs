namespace Dream.Ledger.Postgres;

// The commit: one transaction per batch, rows by binary COPY, and what a failed commit leaves behind.
public sealed partial class PostgresLedgerStore
{
    /// <summary>Set by a failed commit: the next one first asks the database whether that commit landed after all.</summary>
    private bool _failed;

    public async Task CommitAsync(LedgerBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            if (_failed && await WasCommittedBeforeAsync(batch, cancellationToken))
            {
                return;
            }

            batch.CheckContinues(_size);
            var devices = new Dictionary<string, int>(StringComparer.Ordinal);
            var partitions = new List<ReadingPartition>();
            try
            {
                // The answer of COMMIT decides, so the batch itself is not cancelled halfway: a cancelled commit
                // could have committed, and the next one would have to find out.
                await using var connection = await _source.OpenConnectionAsync(CancellationToken.None);
                await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None);
                await InsertAsync(connection, batch, devices, partitions);
                await transaction.CommitAsync(CancellationToken.None);
            }
            catch (NpgsqlException e)
            {
                // The device numbers and partitions of this batch are forgotten; the next commit reads back what the
                // database holds (the COMMIT may have landed before the connection broke).
                _failed = true;
                throw new StoreWriteException(Classify(e), $"The store could not commit the batch: {e.Message}", e);
            }
            catch
            {
                _failed = true;
                throw;
            }

            foreach (var (did, id) in devices)
            {
                _deviceIds.Add(did, id);
            }

            _partitions.UnionWith(partitions.Select(p => p.Name));
            Interlocked.Add(ref _size, batch.Entries.Count);
            Interlocked.Increment(ref _commits);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task InsertAsync(NpgsqlConnection connection, LedgerBatch batch, Dictionary<string, int> devices, List<ReadingPartition> partitions)
    {
        var none = CancellationToken.None;
        await InsertDevicesAsync(connection, batch, devices);
        if (batch.Entries.Count > 0)
        {
            await using (var entries = await connection.BeginBinaryImportAsync("COPY entries(idx, seq, device, kind, data, leaf) FROM STDIN (FORMAT BINARY)", none))
            {
                foreach (var e in batch.Entries)
                {
                    await entries.StartRowAsync(none);
                    await entries.WriteAsync(e.Index, NpgsqlDbType.Bigint, none);
                    if (e.Device is null)
                    {
                        await entries.WriteNullAsync(none);
                        await entries.WriteNullAsync(none);
                    }
                    else
                    {
                        await entries.WriteAsync(e.Sequence, NpgsqlDbType.Bigint, none);
                        await entries.WriteAsync(DeviceId(e.Device, devices), NpgsqlDbType.Integer, none);
                    }

                    await entries.WriteAsync((short)e.Kind, NpgsqlDbType.Smallint, none);
                    await entries.WriteAsync(e.Data, NpgsqlDbType.Bytea, none);
                    await entries.WriteAsync(e.LeafHash.ToArray(), NpgsqlDbType.Bytea, none);
                }

                await entries.CompleteAsync(none);
            }

            await using (var nodes = await connection.BeginBinaryImportAsync("COPY nodes(idx, level, hash) FROM STDIN (FORMAT BINARY)", none))
            {
                foreach (var n in batch.Nodes)
                {
                    await nodes.StartRowAsync(none);
                    await nodes.WriteAsync(n.Id.Index, NpgsqlDbType.Bigint, none);
                    await nodes.WriteAsync((short)n.Id.Level, NpgsqlDbType.Smallint, none);
                    await nodes.WriteAsync(n.Hash.ToArray(), NpgsqlDbType.Bytea, none);
                }

                await nodes.CompleteAsync(none);
            }
        }

        if (batch.Readings.Count > 0)
        {
            await CreatePartitionsAsync(connection, batch.Readings, partitions);
            await InsertReadingsAsync(connection, batch.Readings, devices);
        }

        await using var rest = new NpgsqlBatch(connection);
        foreach (var q in batch.Quarantine)
        {
            rest.BatchCommands.Add(Statement(
                "INSERT INTO quarantine(received_ms, topic, device, seq, reason, detail, data) VALUES (@t, @topic, @d, @s, @r, @detail, @data)",
                ("t", q.ReceivedAtMs), ("topic", q.Topic), ("d", q.Device), ("s", q.Sequence), ("r", q.Reason), ("detail", q.Detail), ("data", q.Data)));
        }

        foreach (var c in batch.QuarantineCounts.Values)
        {
            rest.BatchCommands.Add(Statement("""
                INSERT INTO quarantine_counts(source, reason, count, kept, kept_bytes, first_ms, last_ms, last_detail) VALUES (@s, @r, @n, @k, @b, @f, @l, @d)
                ON CONFLICT (source, reason) DO UPDATE SET count = quarantine_counts.count + excluded.count, kept = quarantine_counts.kept + excluded.kept,
                    kept_bytes = quarantine_counts.kept_bytes + excluded.kept_bytes, last_ms = excluded.last_ms, last_detail = excluded.last_detail
                """, ("s", c.Source), ("r", c.Reason), ("n", c.Count), ("k", c.Kept), ("b", c.KeptBytes), ("f", c.FirstMs), ("l", c.LastMs), ("d", c.LastDetail)));
        }

        foreach (var (id, status) in batch.PassportStatus)
        {
            rest.BatchCommands.Add(Statement("UPDATE pending_passports SET status = @s WHERE id = @i", ("s", status), ("i", id)));
        }

        if (rest.BatchCommands.Count > 0)
        {
            await rest.ExecuteNonQueryAsync(none);
        }
    }

    private static NpgsqlBatchCommand Statement(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    /// <summary>Runs one write outside a commit (meta, a checkpoint, a submitted passport) as its own transaction.</summary>
    private static void Write(Action write, string what)
    {
        try
        {
            write();
        }
        catch (NpgsqlException e)
        {
            throw new StoreWriteException(Classify(e), $"The store could not {what}: {e.Message}", e);
        }
    }

    private static async Task WriteAsync(Func<Task> write, string what)
    {
        try
        {
            await write();
        }
        catch (NpgsqlException e)
        {
            throw new StoreWriteException(Classify(e), $"The store could not {what}: {e.Message}", e);
        }
    }

    /// <summary>PostgreSQL's SQLSTATE, or a connection that failed before the server answered, as a <see cref="StoreFaultCauses"/> name.</summary>
    private static string Classify(NpgsqlException e) => e is PostgresException p
        ? p.SqlState switch
        {
            "53100" => StoreFaultCauses.DiskFull,
            "58030" => StoreFaultCauses.IoError,
            "25006" or "42501" => StoreFaultCauses.ReadOnly,
            "XX001" or "XX002" => StoreFaultCauses.Corrupt,
            "40001" or "40P01" or "55P03" or "57014" or "53300" => StoreFaultCauses.Busy,
            var state when state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("57P", StringComparison.Ordinal) => StoreFaultCauses.Unavailable,
            _ => StoreFaultCauses.Other,
        }
        : StoreFaultCauses.Unavailable;

    /// <summary>
    /// After a failed commit: reloads the device numbers and partitions from the database, then whether the batch is
    /// already there (<see cref="RecommitCheck"/>).
    /// </summary>
    private async Task<bool> WasCommittedBeforeAsync(LedgerBatch batch, CancellationToken cancellationToken)
    {
        bool committed;
        try
        {
            await using var connection = await _source.OpenConnectionAsync(cancellationToken);
            LoadDeviceIds(connection);
            LoadPartitions(connection);
            committed = RecommitCheck.WasCommitted(CountEntries(connection), _size, batch, () => LeavesMatch(connection, batch));
        }
        catch (NpgsqlException e)
        {
            throw new StoreWriteException(Classify(e), $"The store could not read back its log after a failed commit: {e.Message}", e);
        }

        _failed = false;
        if (committed)
        {
            Interlocked.Add(ref _size, batch.Entries.Count);
            Interlocked.Increment(ref _commits);
        }

        return committed;
    }

    private static bool LeavesMatch(NpgsqlConnection connection, LedgerBatch batch)
    {
        using var command = new NpgsqlCommand("SELECT idx, leaf FROM entries WHERE idx >= @a AND idx < @b ORDER BY idx", connection);
        command.Parameters.AddWithValue("a", batch.Entries[0].Index);
        command.Parameters.AddWithValue("b", batch.Entries[^1].Index + 1);
        using var reader = command.ExecuteReader();
        var i = 0;
        while (reader.Read())
        {
            if (i >= batch.Entries.Count || reader.GetInt64(0) != batch.Entries[i].Index || Sha256Hash.FromBytes((byte[])reader[1]) != batch.Entries[i].LeafHash)
            {
                return false;
            }

            i++;
        }

        return i == batch.Entries.Count;
    }
}
