using Microsoft.Data.Sqlite;

namespace Dream.Ledger.Storage;

// The readings index: one row per logged reading, keyed by a small device number and the sequence.
public sealed partial class SqliteLedgerStore
{
    private const string SelectReadings = """
        SELECT d.did, r.seq, r.log_index, r.hash, r.prev, r.start_ms, r.end_ms, r.import_wh, r.export_wh FROM readings r JOIN devices d ON d.id = r.device
        """;

    /// <summary>
    /// The readings of a device whose interval starts in [<paramref name="fromMs"/>, <paramref name="toMs"/>), in time
    /// order. There is no second index by time: each batch would dirty one more page per device it touches, which
    /// doubled the bytes written per reading (docs/ledger.md, "Storage"). A device's readings are in time order by
    /// sequence (the ledger refuses an interval that starts before the one below it ends, or ends after the one above
    /// it starts), so the first reading at or after <paramref name="fromMs"/> is found by a binary search over the
    /// sequence key, and the rows are then read in key order until one starts at or after <paramref name="toMs"/>.
    /// </summary>
    public Task<IReadOnlyList<StoredReading>> ReadingsAsync(string device, long fromMs, long toMs, int limit, CancellationToken cancellationToken = default)
    {
        var result = new List<StoredReading>();
        using var connection = Open();
        using var lookup = connection.CreateCommand();
        lookup.CommandText = "SELECT id, (SELECT MAX(seq) FROM readings WHERE device = devices.id) FROM devices WHERE did = $d";
        lookup.Parameters.AddWithValue("$d", device);
        long id;
        long high;
        using (var found = lookup.ExecuteReader())
        {
            if (!found.Read() || found.IsDBNull(1))
            {
                return Task.FromResult<IReadOnlyList<StoredReading>>(result);
            }

            id = found.GetInt64(0);
            high = found.GetInt64(1) + 1;
        }

        using var probe = connection.CreateCommand();
        probe.CommandText = "SELECT seq, start_ms FROM readings WHERE device = $d AND seq >= $s ORDER BY seq LIMIT 1";
        probe.Parameters.AddWithValue("$d", id);
        var from = probe.Parameters.Add("$s", SqliteType.Integer);
        long low = 0;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            from.Value = middle;
            using var row = probe.ExecuteReader();
            if (row.Read() && row.GetInt64(1) < fromMs)
            {
                low = row.GetInt64(0) + 1;
            }
            else
            {
                high = middle;
            }
        }

        using var command = connection.CreateCommand();
        command.CommandText = $"{SelectReadings} WHERE r.device = $d AND r.seq >= $s ORDER BY r.seq";
        command.Parameters.AddWithValue("$d", id);
        command.Parameters.AddWithValue("$s", low);
        using var reader = command.ExecuteReader();
        while (result.Count < limit && reader.Read())
        {
            var reading = ReadReading(reader);
            if (reading.StartMs >= toMs)
            {
                break;
            }

            if (reading.StartMs >= fromMs)
            {
                result.Add(reading);
            }
        }

        return Task.FromResult<IReadOnlyList<StoredReading>>(result);
    }

    private static StoredReading ReadReading(SqliteDataReader r) =>
        new(r.GetString(0), r.GetInt64(1), r.GetInt64(2), Convert.ToHexStringLower((byte[])r[3]), Convert.ToHexStringLower((byte[])r[4]),
            r.GetInt64(5), r.GetInt64(6), r.GetInt64(7), r.GetInt64(8));

    private void InsertReadings(SqliteConnection writer, List<StoredReading> readings)
    {
        using var reading = Command(writer,
            "INSERT INTO readings(device, seq, log_index, hash, prev, start_ms, end_ms, import_wh, export_wh) VALUES ($d, $s, $i, $h, $p, $a, $b, $im, $ex)",
            "$d", "$s", "$i", "$h", "$p", "$a", "$b", "$im", "$ex");
        SqliteCommand? device = null;
        try
        {
            foreach (var r in readings)
            {
                if (!_deviceIds.TryGetValue(r.Device, out var id))
                {
                    device ??= Command(writer, "INSERT INTO devices(id, did) VALUES ($i, $d)", "$i", "$d");
                    id = ++_lastDeviceId;
                    Run(device, id, r.Device);
                    _deviceIds.Add(r.Device, id);
                }

                Run(reading, id, r.Sequence, r.LogIndex, Convert.FromHexString(r.Hash), Convert.FromHexString(r.PreviousHash), r.StartMs, r.EndMs, r.ImportWh, r.ExportWh);
            }
        }
        finally
        {
            device?.Dispose();
        }
    }

    /// <summary>Whether the file still has the readings index of before the devices table (see <see cref="MigrateReadings"/>).</summary>
    private static bool HasTextKeyedReadings(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT type FROM pragma_table_info('readings') WHERE name = 'device'";
        return command.ExecuteScalar() is string type && type.Equals("TEXT", StringComparison.OrdinalIgnoreCase);
    }

    private void LoadDeviceIds(SqliteConnection connection)
    {
        _deviceIds.Clear();
        _lastDeviceId = 0;
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, did FROM devices";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var id = reader.GetInt64(0);
            _deviceIds.Add(reader.GetString(1), id);
            _lastDeviceId = Math.Max(_lastDeviceId, id);
        }
    }

    /// <summary>
    /// A database written before the devices table kept the readings index by the device's did as text, with its
    /// hashes as hex and a second index by time: it is rewritten once, in the transaction of schema version 1.
    /// </summary>
    private static void MigrateReadings(SqliteConnection connection)
    {
        if (!HasTextKeyedReadings(connection))
        {
            return;
        }

        using var command = connection.CreateCommand();
        command.CommandText = $"""
            DROP INDEX IF EXISTS readings_by_time;
            ALTER TABLE readings RENAME TO readings_text;
            {Schema}
            INSERT INTO devices(did) SELECT DISTINCT device FROM readings_text ORDER BY device;
            INSERT INTO readings(device, seq, log_index, hash, prev, start_ms, end_ms, import_wh, export_wh)
            SELECT d.id, t.seq, t.log_index, unhex(t.hash), unhex(t.prev), t.start_ms, t.end_ms, t.import_wh, t.export_wh FROM readings_text t JOIN devices d ON d.did = t.device;
            DROP TABLE readings_text;
            """;
        command.ExecuteNonQuery();
    }
}
