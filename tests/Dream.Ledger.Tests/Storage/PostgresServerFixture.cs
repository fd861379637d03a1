using Dream.Testing;

namespace Dream.Ledger.Tests.Storage;

/// <summary>One real PostgreSQL per test class (initdb takes a second or two); each test makes its own database in it.</summary>
public sealed class PostgresServerFixture : IAsyncLifetime
{
    public PostgresProcess Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await PostgresProcess.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
