using System.Data.Common;

namespace Dream.Ledger.Storage;

/// <summary>
/// Versioned migrations, the same for both stores: <c>schema_migrations(version, applied_at)</c> (Unix ms) records each
/// step applied; at open every step newer than the database is applied in order, one transaction each, and a
/// database newer than the code is refused (<see cref="StoreSchemaException"/>). Plain BEGIN/COMMIT statements, not
/// transaction objects, because a step runs its own SQL on the connection (SQLite's commands would otherwise each
/// need the transaction object).
/// </summary>
public static class SchemaMigrations
{
    /// <summary>The version recorded in the database; 0 when it has no <c>schema_migrations</c> rows.</summary>
    public static int Version(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Creates <c>schema_migrations</c> with <paramref name="createTable"/> and applies what is missing. <paramref name="begin"/>
    /// opens a transaction that excludes other writers (SQLite: BEGIN IMMEDIATE; PostgreSQL: BEGIN and a table lock),
    /// so two processes starting at once apply each step once. Returns the version the database is at.
    /// </summary>
    public static int Apply(DbConnection connection, string database, string createTable, string begin, IReadOnlyList<SchemaMigration> migrations, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(migrations);
        ArgumentNullException.ThrowIfNull(time);
        Execute(connection, createTable);
        var known = Known(migrations);
        var current = Version(connection);
        foreach (var migration in migrations)
        {
            if (migration.Version <= current)
            {
                continue;
            }

            Execute(connection, begin);
            try
            {
                // Another process may have applied it between the read above and this transaction's lock.
                current = Version(connection);
                if (current > known)
                {
                    throw StoreSchemaException.Newer(database, current, known);
                }

                if (migration.Version > current)
                {
                    migration.Apply(connection);
                    using var record = connection.CreateCommand();
                    record.CommandText = "INSERT INTO schema_migrations(version, applied_at) VALUES (@v, @t)";
                    Parameter(record, "@v", migration.Version);
                    Parameter(record, "@t", time.GetUtcNow().ToUnixTimeMilliseconds());
                    record.ExecuteNonQuery();
                    current = migration.Version;
                }

                Execute(connection, "COMMIT");
            }
            catch
            {
                TryRollback(connection);
                throw;
            }
        }

        return current <= known ? current : throw StoreSchemaException.Newer(database, current, known);
    }

    /// <summary>The newest version <paramref name="migrations"/> reach; they must be in increasing order.</summary>
    public static int Known(IReadOnlyList<SchemaMigration> migrations)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        for (var i = 1; i < migrations.Count; i++)
        {
            if (migrations[i].Version <= migrations[i - 1].Version)
            {
                throw new InvalidOperationException($"Schema migration {migrations[i].Version} comes after {migrations[i - 1].Version}: migrations must be in increasing order.");
            }
        }

        return migrations.Count == 0 ? 0 : migrations[^1].Version;
    }

    private static void Parameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>Runs <paramref name="sql"/> (statements without parameters) on <paramref name="connection"/>.</summary>
    public static void Execute(DbConnection connection, string sql)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static void TryRollback(DbConnection connection)
    {
        try
        {
            Execute(connection, "ROLLBACK");
        }
        catch (DbException)
        {
            // The failure may have ended the transaction already; the caller reports the failure itself.
        }
    }
}
