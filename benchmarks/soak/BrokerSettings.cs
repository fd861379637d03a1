namespace Dream.Soak.Benchmarks;

/// <summary>The broker limits docs/guide-grid-authority.md recommends for the ledger's queue, so the soak runs
/// Mosquitto as an operator would.</summary>
internal static class BrokerSettings
{
    public const string Recommended = """
        max_queued_messages 1000000
        max_queued_bytes 0
        sys_interval 5
        """;
}
