using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dream.Ledger.Server.Hosting;

/// <summary>The source-generated contract of ledger.json: read leniently (any case, comments, trailing commas),
/// written camelCase and indented.</summary>
[JsonSerializable(typeof(LedgerServerConfig))]
internal sealed partial class LedgerConfigJsonContext : JsonSerializerContext
{
    public static LedgerConfigJsonContext Reading { get; } = new(new JsonSerializerOptions
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    });

    public static LedgerConfigJsonContext Writing { get; } = new(new JsonSerializerOptions
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    });
}
