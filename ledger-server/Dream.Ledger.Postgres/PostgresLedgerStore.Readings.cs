namespace Dream.Ledger.Postgres;

// The readings index and the device numbers it (and the entries) are filed under.
public sealed partial class PostgresLedgerStore
{
    private const string SelectReadings = """
        SELECT r.seq, r.log_index, r.hash, r.prev, r.start_ms, r.end_ms, r.import_wh, r.export_wh FROM readings r JOIN devices d ON d.id = r.device
        """;

    /// <summary>Device numbers committed; only the committer changes it, under the write lock.</summary>
    private readonly Dictionary<string, int> _deviceIds = new(StringComparer.Ordinal);
    private int _lastDeviceId;

    public StoredReading? FindReading(string device, long sequence)
    {
        using var command = _source.CreateCommand($"{SelectReadings} WHERE d.did = @d AND r.seq = @s");
        command.Parameters.AddWithValue("d", device);
        command.Parameters.AddWithValue("s", sequence);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadReading(device, reader) : null;
    }

    /// <summary>
    /// The readings of a device whose interval starts in [<paramref name="fromMs"/>, <paramref name="toMs"/>), in time
    /// order. The window prunes the partitions to the months it spans; inside each, the primary key (device, seq, start)
    /// gives the device's rows, which are in time order by sequence (the ledger refuses an interval that starts before
    /// the one below it ends), so no second index by time is kept.
    /// </summary>
    public async Task<IReadOnlyList<StoredReading>> ReadingsAsync(string device, long fromMs, long toMs, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = _source.CreateCommand($"{SelectReadings} WHERE d.did = @d AND r.start_ms >= @a AND r.start_ms < @b ORDER BY r.seq LIMIT @n");
        command.Parameters.AddWithValue("d", device);
        command.Parameters.AddWithValue("a", fromMs);
        command.Parameters.AddWithValue("b", toMs);
        command.Parameters.AddWithValue("n", (long)Math.Max(0, limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<StoredReading>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(ReadReading(device, reader));
        }

        return result;
    }

    private static StoredReading ReadReading(string device, NpgsqlDataReader r) =>
        new(device, r.GetInt64(0), r.GetInt64(1), Convert.ToHexStringLower((byte[])r[2]), Convert.ToHexStringLower((byte[])r[3]),
            r.GetInt64(4), r.GetInt64(5), r.GetInt64(6), r.GetInt64(7));

    /// <summary>The number of <paramref name="did"/>, committed or given out by this batch.</summary>
    private int DeviceId(string did, Dictionary<string, int> batchDevices) =>
        _deviceIds.TryGetValue(did, out var id) ? id : batchDevices[did];

    /// <summary>Numbers the devices this batch names for the first time and stores them before the rows filed under them.</summary>
    private async Task InsertDevicesAsync(NpgsqlConnection connection, LedgerBatch batch, Dictionary<string, int> devices)
    {
        var next = _lastDeviceId;
        foreach (var did in batch.Entries.Select(e => e.Device).Concat(batch.Readings.Select(r => r.Device)))
        {
            if (did is not null && !_deviceIds.ContainsKey(did) && !devices.ContainsKey(did))
            {
                devices.Add(did, ++next);
            }
        }

        if (devices.Count == 0)
        {
            return;
        }

        var none = CancellationToken.None;
        await using (var copy = await connection.BeginBinaryImportAsync("COPY devices(id, did) FROM STDIN (FORMAT BINARY)", none))
        {
            foreach (var (did, id) in devices)
            {
                await copy.StartRowAsync(none);
                await copy.WriteAsync(id, NpgsqlDbType.Integer, none);
                await copy.WriteAsync(did, NpgsqlDbType.Text, none);
            }

            await copy.CompleteAsync(none);
        }

        // Committed with the batch or not at all; on failure _lastDeviceId is reloaded from the table.
        _lastDeviceId = next;
    }

    private async Task InsertReadingsAsync(NpgsqlConnection connection, List<StoredReading> readings, Dictionary<string, int> devices)
    {
        var none = CancellationToken.None;
        await using var copy = await connection.BeginBinaryImportAsync(
            "COPY readings(seq, log_index, start_ms, end_ms, import_wh, export_wh, device, hash, prev) FROM STDIN (FORMAT BINARY)", none);
        foreach (var r in readings)
        {
            await copy.StartRowAsync(none);
            await copy.WriteAsync(r.Sequence, NpgsqlDbType.Bigint, none);
            await copy.WriteAsync(r.LogIndex, NpgsqlDbType.Bigint, none);
            await copy.WriteAsync(r.StartMs, NpgsqlDbType.Bigint, none);
            await copy.WriteAsync(r.EndMs, NpgsqlDbType.Bigint, none);
            await copy.WriteAsync(r.ImportWh, NpgsqlDbType.Bigint, none);
            await copy.WriteAsync(r.ExportWh, NpgsqlDbType.Bigint, none);
            await copy.WriteAsync(DeviceId(r.Device, devices), NpgsqlDbType.Integer, none);
            await copy.WriteAsync(Convert.FromHexString(r.Hash), NpgsqlDbType.Bytea, none);
            await copy.WriteAsync(Convert.FromHexString(r.PreviousHash), NpgsqlDbType.Bytea, none);
        }

        await copy.CompleteAsync(none);
    }

    private void LoadDeviceIds(NpgsqlConnection connection)
    {
        _deviceIds.Clear();
        _lastDeviceId = 0;
        using var command = new NpgsqlCommand("SELECT id, did FROM devices", connection);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var id = reader.GetInt32(0);
            _deviceIds.Add(reader.GetString(1), id);
            _lastDeviceId = Math.Max(_lastDeviceId, id);
        }
    }
}
