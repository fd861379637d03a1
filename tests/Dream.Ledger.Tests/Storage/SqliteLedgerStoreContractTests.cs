using System.Data.Common;
using Dream.Ledger.Storage;
using Dream.Testing;
using Microsoft.Data.Sqlite;

namespace Dream.Ledger.Tests.Storage;

/// <summary>The store contract on SQLite: a ledger.db in a temp dir per test.</summary>
public sealed class SqliteLedgerStoreContractTests : LedgerStoreContract, IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    private string Database => _directory.Combine("ledger.db");

    public override Task InitializeAsync() => Task.CompletedTask;

    public override Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        return Task.CompletedTask;
    }

    public void Dispose() => _directory.Dispose();

    protected override ILedgerStore Open() => SqliteLedgerStore.Open(Database);

    protected override ILedgerStore OpenReadOnly() => SqliteLedgerStore.OpenReadOnly(Database);

    protected override DbConnection Connect()
    {
        var connection = new SqliteConnection($"Data Source={Database};Pooling=False");
        connection.Open();
        return connection;
    }

    protected override string Blob(byte[] bytes) => $"x'{Convert.ToHexString(bytes)}'";
}
