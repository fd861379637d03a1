using System.Text.Json.Serialization;

namespace Dream.Agent.Commands;

/// <summary>The source-generated contract of the commands' <c>--json</c> output (camelCase, compact), so the
/// Native AOT build prints exactly what the JIT build does.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(List<ScanResult>))]
[JsonSerializable(typeof(List<ProfileListing>))]
internal sealed partial class AgentJsonContext : JsonSerializerContext;
