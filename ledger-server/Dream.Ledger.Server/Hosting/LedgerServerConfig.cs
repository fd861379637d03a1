using System.Text.Json;
using Dream.Contracts.Clock;

namespace Dream.Ledger.Server.Hosting;

/// <summary>The JSON configuration file of <c>dream-ledger run</c>. See docs/ledger.md.</summary>
public sealed class LedgerServerConfig
{
    public string DataDir { get; set; } = "/var/lib/dream-ledger";

    /// <summary>
    /// An Npgsql connection string: the log is kept in that PostgreSQL database instead of <c>ledger.db</c> in
    /// <see cref="DataDir"/> (which still holds the key, the admin token and the tiles). Null: SQLite.
    /// </summary>
    public string? Postgres { get; set; }

    /// <summary>The public API (log, proofs, passports submission, signed queries).</summary>
    public string Listen { get; set; } = "http://0.0.0.0:8080";

    /// <summary>The admin API; loopback only by default.</summary>
    public string AdminListen { get; set; } = "http://127.0.0.1:8081";

    public MqttConfig Mqtt { get; set; } = new();

    /// <summary>
    /// Several brokers, the devices partitioned across them (each device's account and ACL on one of them): the
    /// ledger subscribes to every one and answers each device on the broker its readings came from. Empty: the one
    /// broker of <see cref="Mqtt"/>. A file may give one of <c>mqtt</c> and <c>brokers</c>, not both.
    /// </summary>
    public List<MqttConfig> Brokers { get; set; } = [];

    public double CheckpointPeriodSeconds { get; set; } = 5;

    public double ClockSkewSeconds { get; set; } = 120;

    public int VerifyWorkers { get; set; }

    public int MaxBatchMessages { get; set; } = LedgerOptions.DefaultMaxBatchMessages;

    /// <summary>How far a market transaction's <c>at</c> may be from the ledger's clock (simulated seconds under <see cref="Clock"/>).</summary>
    public double MarketClockSkewSeconds { get; set; } = 30;

    /// <summary>How far a signed request's <c>Dream-Timestamp</c> may be from the ledger's clock (simulated seconds under <see cref="Clock"/>).</summary>
    public double RequestClockSkewSeconds { get; set; } = 300;

    /// <summary>Bounds of the quarantine of refused input.</summary>
    public QuarantineOptions Quarantine { get; set; } = new();

    /// <summary>Rate limits of passport submissions (POST /api/v1/passports).</summary>
    public PassportSubmissionConfig PassportSubmissions { get; set; } = new();

    /// <summary>The witnesses asked to cosign every checkpoint (docs/witness.md); none by default.</summary>
    public List<LedgerWitnessConfig> Witnesses { get; set; } = [];

    /// <summary>How long one witness may take to answer before the checkpoint is published without its cosignature (wall seconds).</summary>
    public double WitnessTimeoutSeconds { get; set; } = 5;

    /// <summary>How many witness cosignatures the dashboard requires before it calls a checkpoint witnessed (0: all configured).</summary>
    public int WitnessThreshold { get; set; }

    /// <summary>Demos and tests only: an accelerated clock shared with the agents; null = real time.</summary>
    public LedgerClockConfig? Clock { get; set; }

    /// <summary>The ledger's clock: real time, or the accelerated timeline of <see cref="Clock"/>.</summary>
    public TimeProvider CreateTimeProvider() => Clock is { Speed: > 1 } clock
        ? new AcceleratedTimeProvider(clock.Speed, DateTimeOffset.FromUnixTimeMilliseconds(clock.EpochMs))
        : TimeProvider.System;

    /// <summary>The brokers ingest connects to, in order (a receipt names its broker by this position): <see cref="Brokers"/>, or <see cref="Mqtt"/> alone.</summary>
    public IReadOnlyList<MqttConfig> IngestBrokers() => Brokers.Count > 0 ? Brokers : [Mqtt];

    public static LedgerServerConfig Load(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var config = JsonSerializer.Deserialize(bytes, LedgerConfigJsonContext.Reading.LedgerServerConfig)
            ?? throw new InvalidDataException($"{path} is empty.");
        if (config.Brokers.Count > 0 && NamesProperty(bytes, "mqtt"))
        {
            throw new InvalidDataException($"{path} gives both \"mqtt\" and \"brokers\": give one broker as \"mqtt\" or every broker in \"brokers\".");
        }

        var labels = config.Brokers.Select(b => b.Label()).ToList();
        if (labels.Distinct(StringComparer.Ordinal).Count() != labels.Count)
        {
            throw new InvalidDataException($"{path} lists a broker twice in \"brokers\" ({string.Join(", ", labels)}): give each a distinct host:port or \"name\".");
        }
        config.DataDir = Path.GetFullPath(config.DataDir, Path.GetDirectoryName(Path.GetFullPath(path))!);
        return config;
    }

    private static bool NamesProperty(byte[] json, string name)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return document.RootElement.ValueKind == JsonValueKind.Object
            && document.RootElement.EnumerateObject().Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
    }

    public string ToJson() => JsonSerializer.Serialize(this, LedgerConfigJsonContext.Writing.LedgerServerConfig);
}
