using System.Text.Json.Serialization;

namespace Dream.Witness;

/// <summary>The witness's configuration, read by source generation (the witness builds trimmed and AOT like the ledger).</summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(WitnessConfig))]
internal sealed partial class WitnessJsonContext : JsonSerializerContext;
