namespace Dream.Testing;

/// <summary>
/// Where PostgreSQL's server programs are: Debian's <c>postgresql</c> package puts them in
/// <c>/usr/lib/postgresql/&lt;version&gt;/bin</c>, off PATH (the newest version wins); elsewhere <c>initdb</c> on PATH,
/// its symlinks followed so that <c>postgres</c> is taken from the same installation.
/// </summary>
public static class PostgresBinaries
{
    private static readonly Lazy<string> s_directory = new(Find);

    /// <summary>The directory holding <c>initdb</c> and <c>postgres</c>.</summary>
    /// <exception cref="InvalidOperationException">PostgreSQL is not installed (the message says which package).</exception>
    public static string Directory => s_directory.Value;

    public static string Initdb => Path.Combine(Directory, "initdb");

    public static string Postgres => Path.Combine(Directory, "postgres");

    private static string Find()
    {
        const string debian = "/usr/lib/postgresql";
        if (System.IO.Directory.Exists(debian))
        {
            var newest = System.IO.Directory.GetDirectories(debian)
                .Select(d => (Path: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : -1))
                .Where(d => d.Version >= 0 && Complete(d.Path))
                .OrderByDescending(d => d.Version)
                .Select(d => d.Path)
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest;
            }
        }

        foreach (var entry in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var initdb = Path.Combine(entry, "initdb");
            if (File.Exists(initdb))
            {
                var real = new FileInfo(initdb).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? initdb;
                var directory = Path.GetDirectoryName(real)!;
                if (Complete(directory))
                {
                    return directory;
                }
            }
        }

        throw new InvalidOperationException("PostgreSQL's server programs (initdb, postgres) were not found in /usr/lib/postgresql/*/bin or on PATH: install the Debian package postgresql (scripts/test does).");
    }

    private static bool Complete(string directory) =>
        File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "postgres"));
}
