using System.Text.Json.Serialization;

namespace Dream.Edge.Service;

/// <summary>The source-generated contract of status.json and the retained status message: camelCase, indented,
/// nulls left out (what <c>dream-agent status</c> and the tests read).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AgentStatus))]
[JsonSerializable(typeof(string))]
internal sealed partial class AgentStatusJsonContext : JsonSerializerContext;
