using System.Data.Common;
using Dream.Transparency.Merkle;

namespace Dream.Ledger.Storage;

/// <summary>
/// Rows that both stores select with the same columns in the same order (<c>…Columns</c>), read from either's ADO.NET
/// reader into the store's records.
/// </summary>
public static class StoreRows
{
    public const string CheckpointColumns = "size, root, note, signed_ms";

    public const string QuarantineColumns = "id, received_ms, topic, device, seq, reason, detail, data";

    public const string QuarantineCountColumns = "source, reason, count, kept, kept_bytes, first_ms, last_ms, last_detail";

    public const string PendingPassportColumns = "id, device, envelope, submitted_ms, status";

    /// <summary>Every row <paramref name="command"/> selects, read by <paramref name="row"/>.</summary>
    public static List<T> ReadAll<T>(DbCommand command, Func<DbDataReader, T> row)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(row);
        using var reader = command.ExecuteReader();
        var result = new List<T>();
        while (reader.Read())
        {
            result.Add(row(reader));
        }

        return result;
    }

    public static StoredCheckpoint Checkpoint(DbDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new(reader.GetInt64(0), Sha256Hash.FromBytes((byte[])reader[1]), reader.GetString(2), reader.GetInt64(3));
    }

    public static QuarantineRecord Quarantine(DbDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetInt64(4), reader.GetString(5), reader.GetString(6), (byte[])reader[7]);
    }

    public static QuarantineCount QuarantineCount(DbDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetString(7));
    }

    public static PendingPassport PendingPassport(DbDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new(reader.GetString(0), reader.GetString(1), (byte[])reader[2], reader.GetInt64(3), reader.GetString(4));
    }
}
