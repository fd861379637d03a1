namespace Dream.Agent.Commands;

/// <summary>The agent's data directory (device key, outbox, status): systemd's StateDirectory by default.</summary>
internal static class DataDirectoryOption
{
    public const string Default = "/var/lib/dream";

    public static Option<DirectoryInfo> Create() => new("--data-dir")
    {
        Description = "The agent's data directory (device key, outbox, status.json).",
        DefaultValueFactory = _ => new DirectoryInfo(Default),
    };
}
