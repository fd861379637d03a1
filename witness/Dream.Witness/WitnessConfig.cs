using Dream.Transparency.Notes;

namespace Dream.Witness;

/// <summary>The JSON configuration of <c>dream-witness run</c>. See docs/witness.md.</summary>
public sealed class WitnessConfig
{
    public const string KeyFileName = "witness.key";

    public const string DatabaseFileName = "witness.db";

    /// <summary>Where the witness key (0600) and its state database live.</summary>
    public string DataDir { get; set; } = "/var/lib/dream-witness";

    public string Listen { get; set; } = "http://0.0.0.0:8090";

    /// <summary>The witness's key name, a schema-less URL such as <c>witness.example.org/w1</c>.</summary>
    public string Name { get; set; } = "";

    public List<WitnessLogConfig> Logs { get; set; } = [];

    public string KeyFile => Path.Combine(DataDir, KeyFileName);

    public string DatabaseFile => Path.Combine(DataDir, DatabaseFileName);

    public static WitnessConfig Load(string path)
    {
        var config = JsonSerializer.Deserialize(File.ReadAllBytes(path), WitnessJsonContext.Default.WitnessConfig)
            ?? throw new InvalidDataException($"{path} is empty.");
        config.DataDir = Path.GetFullPath(config.DataDir, Path.GetDirectoryName(Path.GetFullPath(path))!);
        return config;
    }

    /// <summary>The logs by origin, each key parsed.</summary>
    /// <exception cref="InvalidDataException">No log, an origin given twice, or a verifier key that is not one.</exception>
    public IReadOnlyDictionary<string, NoteVerifier> LogKeys()
    {
        if (Logs.Count == 0)
        {
            throw new InvalidDataException("The witness configuration names no log to witness (logs: [{origin, verifierKey}]).");
        }

        var keys = new Dictionary<string, NoteVerifier>(StringComparer.Ordinal);
        foreach (var log in Logs)
        {
            NoteVerifier key;
            try
            {
                key = NoteVerifier.Parse(log.VerifierKey.Trim());
            }
            catch (NoteFormatException e)
            {
                throw new InvalidDataException($"The verifier key of log '{log.Origin}' is not valid: {e.Message}", e);
            }

            if (string.IsNullOrEmpty(log.Origin) || !keys.TryAdd(log.Origin, key))
            {
                throw new InvalidDataException($"Log origin '{log.Origin}' is empty or given twice.");
            }
        }

        return keys;
    }
}
