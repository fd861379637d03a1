using System.Data.Common;
using Dream.Ledger.Postgres;
using Dream.Ledger.Storage;
using Npgsql;

namespace Dream.Ledger.Tests.Storage;

/// <summary>The store contract on a real PostgreSQL 15 (<see cref="Dream.Testing.PostgresProcess"/>): a database per test.</summary>
public sealed class PostgresLedgerStoreContractTests(PostgresServerFixture postgres) : LedgerStoreContract, IClassFixture<PostgresServerFixture>
{
    private string _database = null!;

    public override async Task InitializeAsync() => _database = await postgres.Server.CreateDatabaseAsync("contract");

    public override Task DisposeAsync() => Task.CompletedTask;

    protected override ILedgerStore Open() => PostgresLedgerStore.Open(_database);

    protected override ILedgerStore OpenReadOnly() => PostgresLedgerStore.OpenReadOnly(_database);

    protected override DbConnection Connect()
    {
        var connection = new NpgsqlConnection(_database);
        connection.Open();
        return connection;
    }

    protected override string Blob(byte[] bytes) => $"'\\x{Convert.ToHexString(bytes)}'::bytea";
}
