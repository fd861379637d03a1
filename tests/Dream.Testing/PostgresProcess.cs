using System.Globalization;
using Npgsql;

namespace Dream.Testing;

/// <summary>
/// A real PostgreSQL on a free loopback port, its cluster made by <c>initdb</c> in a temp dir (the unix socket there
/// too), with <c>fsync=on</c> and <c>synchronous_commit=on</c>. PostgreSQL refuses to run as root, and the tests run
/// as root here and in CI: then the cluster belongs to <c>nobody</c> and both programs run as it (<c>setpriv</c>).
/// <see cref="CreateDatabaseAsync"/> gives each test a database of its own. Disposing stops the server (fast
/// shutdown) and deletes the cluster.
/// </summary>
public sealed class PostgresProcess : IAsyncDisposable
{
    /// <summary>The superuser initdb creates; trusted on loopback and the socket (nothing else can connect).</summary>
    public const string User = "postgres";

    private readonly TemporaryDirectory _directory = new();
    private RunningProgram? _process;
    private int _databases;

    private PostgresProcess()
    {
    }

    public int Port { get; } = FreePort.Next();

    /// <summary>The directory of the unix socket (and the cluster's parent).</summary>
    public string SocketDirectory => _directory.Combine("pg");

    public string DataDirectory => _directory.Combine("pg", "data");

    /// <summary>Everything the server logged.</summary>
    public string Log => _process?.Output ?? string.Empty;

    /// <summary>A connection string to <paramref name="database"/> over TCP on loopback.</summary>
    public string ConnectionString(string database = "postgres") =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = User, Database = database, Pooling = true }.ConnectionString;

    public static async Task<PostgresProcess> StartAsync()
    {
        var server = new PostgresProcess();
        try
        {
            await server.InitializeAsync();
            await server.StartServerAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>A new empty database (CREATE DATABASE), so that each test starts from nothing; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "test")
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"{prefix}_{Interlocked.Increment(ref _databases)}");
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    /// <summary>Runs SQL as the superuser in <paramref name="database"/> (what a test does behind the store's back).</summary>
    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_process is not null)
        {
            // SIGINT is the fast shutdown: open sessions (pools of the tests) are ended instead of waited for.
            if (!_process.HasExited)
            {
                await ExternalProgram.RunAsync("kill", ["-INT", _process.Id.ToString(CultureInfo.InvariantCulture)]);
                await _process.WaitForExitAsync(TimeSpan.FromSeconds(30));
            }

            await _process.DisposeAsync();
            _process = null;
        }

        _directory.Dispose();
    }

    private static bool IsRoot => Environment.UserName == "root";

    /// <summary>The program as itself, or as nobody (and nobody's own group) when the tests run as root.</summary>
    private static async Task<(string File, List<string> Arguments)> AsServerUserAsync(string program, IEnumerable<string> arguments)
    {
        if (!IsRoot)
        {
            return (program, [.. arguments]);
        }

        var group = await ExternalProgram.RunAsync("id", ["-g", "nobody"]);
        return group.ExitCode == 0
            ? ("setpriv", ["--reuid=nobody", $"--regid={group.StandardOutput.Trim()}", "--clear-groups", "--", program, .. arguments])
            : throw new InvalidOperationException($"There is no user nobody to run PostgreSQL as (it refuses root): {group}");
    }

    private async Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(SocketDirectory);
        if (IsRoot)
        {
            // nobody must reach the cluster through the temp dir (0700 root) and own its own directory.
            File.SetUnixFileMode(_directory.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            await RequireAsync("chown", ["nobody:", SocketDirectory]);
        }

        var (file, arguments) = await AsServerUserAsync(PostgresBinaries.Initdb, ["-D", DataDirectory, "-U", User, "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"]);
        await RequireAsync(file, arguments);
    }

    private async Task StartServerAsync()
    {
        var (file, arguments) = await AsServerUserAsync(PostgresBinaries.Postgres,
        [
            "-D", DataDirectory, "-k", SocketDirectory, "-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture),
            "-c", "fsync=on", "-c", "synchronous_commit=on", "-c", "max_connections=100", "-c", "shared_buffers=32MB",
            "-c", "logging_collector=off",
        ]);
        _process = RunningProgram.Start(file, arguments);

        // The postmaster says so once it accepts connections (after recovery, if any): a real signal, no polling.
        await _process.WaitForLineAsync("database system is ready to accept connections", TimeSpan.FromSeconds(60));
    }

    private static async Task RequireAsync(string file, IEnumerable<string> arguments)
    {
        var result = await ExternalProgram.RunAsync(file, arguments, timeout: TimeSpan.FromSeconds(120));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed: {result}");
        }
    }
}
