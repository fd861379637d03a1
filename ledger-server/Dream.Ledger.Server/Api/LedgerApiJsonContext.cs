using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dream.Ledger.Server.Api;

/// <summary>The API's source-generated JSON contract, with ASP.NET Core's web defaults (what the responses had).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class LedgerApiJsonContext : JsonSerializerContext;
